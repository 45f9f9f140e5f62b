import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { DeviceRole } from './device-config';

/** The roles a window can show; a kiosk device may open a hall window on its second screen as well. */
export type WindowRole = DeviceRole;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of Electron's `Display` the choice needs, so the rules run under plain Node. */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
  internal: boolean;
}

export const DESK_MIN = { width: 1280, height: 800 } as const;
const DESK_PREFERRED = { width: 1440, height: 900 } as const;

/**
 * Where the hall display goes: a second screen if there is one (the TV on a kiosk or a hall PC), preferring an
 * external screen and then the largest; the primary screen only when it is the only one.
 */
export function chooseHallDisplay<D extends DisplayInfo>(displays: readonly D[], primaryId: number): D | undefined {
  const others = displays.filter((d) => d.id !== primaryId);
  const ranked = [...others].sort(
    (a, b) => Number(a.internal) - Number(b.internal) || b.bounds.width * b.bounds.height - a.bounds.width * a.bounds.height || a.id - b.id,
  );
  return ranked[0] ?? displays.find((d) => d.id === primaryId) ?? displays[0];
}

export interface PlannedWindow<D extends DisplayInfo = DisplayInfo> {
  role: WindowRole;
  display: D;
  /** A hall window beside a kiosk must never take focus away from the touch screen customers use. */
  secondary: boolean;
}

/**
 * Which windows the device shows on which screens. Re-run when screens come and go: a hall window whose TV was
 * unplugged is closed rather than left to cover the kiosk's touch screen.
 */
export function planWindows<D extends DisplayInfo>(
  device: { role: DeviceRole; hallScreen: boolean },
  displays: readonly D[],
  primaryId: number,
): PlannedWindow<D>[] {
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (!primary) return [];
  if (device.role === 'hall') return [{ role: 'hall', display: chooseHallDisplay(displays, primaryId) ?? primary, secondary: false }];
  const main: PlannedWindow<D> = { role: device.role, display: primary, secondary: false };
  if (device.role !== 'kiosk' || !device.hallScreen) return [main];
  const hall = chooseHallDisplay(displays, primaryId);
  return hall && hall.id !== primary.id ? [main, { role: 'hall', display: hall, secondary: true }] : [main];
}

export interface WindowContext {
  /** Absent for windows that show the kiosk's LAN host: such pages talk HTTP to their own origin, not IPC. */
  preload?: string;
  display: DisplayInfo;
  secondary?: boolean;
  devTools: boolean;
  title: string;
}

/** Settings no window may weaken: the page gets no Node, runs sandboxed and isolated, and cannot embed others. */
export function secureWebPreferences(preload: string | undefined, devTools: boolean): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    experimentalFeatures: false,
    spellcheck: false,
    devTools,
  };
}

/** Fits the desk window, and its minimum, inside the screen: many counters still run 1366×768 monitors. */
export function deskSize(workArea: Rect): { width: number; height: number; minWidth: number; minHeight: number } {
  const minWidth = Math.min(DESK_MIN.width, workArea.width);
  const minHeight = Math.min(DESK_MIN.height, workArea.height);
  return {
    width: Math.max(minWidth, Math.min(DESK_PREFERRED.width, workArea.width)),
    height: Math.max(minHeight, Math.min(DESK_PREFERRED.height, workArea.height)),
    minWidth,
    minHeight,
  };
}

export function windowOptions(role: WindowRole, ctx: WindowContext): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    title: ctx.title,
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: secureWebPreferences(ctx.preload, ctx.devTools),
  };
  const { bounds, workArea } = ctx.display;
  switch (role) {
    case 'desk': {
      const size = deskSize(workArea);
      return {
        ...common,
        ...size,
        x: Math.round(workArea.x + (workArea.width - size.width) / 2),
        y: Math.round(workArea.y + (workArea.height - size.height) / 2),
      };
    }
    case 'kiosk':
      return {
        ...common,
        ...bounds,
        fullscreen: true,
        kiosk: true,
        frame: false,
        autoHideMenuBar: true,
        resizable: false,
        movable: false,
        minimizable: false,
        // Customers touch this screen: no pinch zoom, no alert() dialogs that would freeze it.
        webPreferences: { ...common.webPreferences, disableDialogs: true, zoomFactor: 1 },
      };
    case 'hall':
      return {
        ...common,
        ...bounds,
        fullscreen: true,
        frame: false,
        autoHideMenuBar: true,
        resizable: false,
        movable: false,
        focusable: !ctx.secondary,
        skipTaskbar: ctx.secondary === true,
        // The TV keeps animating and speaking calls while the kiosk has focus.
        webPreferences: { ...common.webPreferences, disableDialogs: true, backgroundThrottling: false, autoplayPolicy: 'no-user-gesture-required' },
      };
  }
}

import { app, BrowserWindow, screen } from 'electron';
import { windowSource, type AppPaths } from './app-paths';
import type { DeviceConfig } from './device-config';
import { log } from './shell-log';
import { planWindows, windowOptions, type PlannedWindow, type WindowRole } from './window-options';

const RELOAD_AFTER_FAILURE_MS = 10_000;

/** The open windows by role, and whether each has the preload bridge to this device's core. */
export type ShellWindows = Map<WindowRole, { win: BrowserWindow; bridged: boolean }>;

function openWindow(plan: PlannedWindow, config: DeviceConfig, title: string, paths: AppPaths): BrowserWindow {
  const source = windowSource(plan.role, config, paths);
  const win = new BrowserWindow(
    windowOptions(plan.role, {
      preload: source.bridged ? paths.preload : undefined,
      display: plan.display,
      secondary: plan.secondary,
      devTools: !app.isPackaged,
      title,
    }),
  );
  if (plan.role !== 'desk') win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => {});
  win.once('ready-to-show', () => (plan.secondary ? win.showInactive() : win.show()));
  // Kiosk and hall screens run unattended: a crashed page or an unreachable kiosk host must heal by itself.
  if (plan.role !== 'desk') {
    win.webContents.on('render-process-gone', (_e, details) => {
      log('warn', `${plan.role} renderer gone (${details.reason}); reloading`);
      if (!win.isDestroyed()) win.reload();
    });
    win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
      if (!isMainFrame) return;
      log('warn', `${plan.role} failed to load ${url}: ${code} ${description}; retrying`);
      setTimeout(() => !win.isDestroyed() && void win.loadURL(source.url).catch(() => {}), RELOAD_AFTER_FAILURE_MS);
    });
  }
  void win.loadURL(source.url).catch((error: unknown) => log('warn', `load ${source.url} failed`, error));
  return win;
}

/**
 * Opens the windows the device's role and its displays call for, and keeps them so: a display plugged in or
 * out, a second start of the app, the last window closed.
 */
export function keepWindowsOpen(windows: ShellWindows, config: DeviceConfig, title: string, paths: AppPaths): void {
  const syncWindows = () => {
    const plan = planWindows(config, screen.getAllDisplays(), screen.getPrimaryDisplay().id);
    const wanted = new Set(plan.map((p) => p.role));
    for (const [role, entry] of windows) {
      if (!wanted.has(role)) entry.win.destroy();
    }
    for (const p of plan) {
      if (windows.has(p.role)) continue;
      const win = openWindow(p, config, title, paths);
      windows.set(p.role, { win, bridged: windowSource(p.role, config, paths).bridged });
      win.on('closed', () => windows.delete(p.role));
    }
  };
  syncWindows();
  screen.on('display-added', syncWindows);
  screen.on('display-removed', syncWindows);

  app.on('second-instance', () => {
    const first = [...windows.values()][0]?.win;
    if (!first) return syncWindows();
    if (first.isMinimized()) first.restore();
    first.focus();
  });
  app.on('activate', () => windows.size === 0 && syncWindows());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

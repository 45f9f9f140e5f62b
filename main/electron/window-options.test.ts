import { describe, expect, it } from 'vitest';
import { chooseHallDisplay, deskSize, planWindows, windowOptions, type DisplayInfo } from './window-options';

function display(id: number, x: number, width: number, height: number, internal = false): DisplayInfo {
  return { id, internal, bounds: { x, y: 0, width, height }, workArea: { x, y: 0, width, height: height - 40 } };
}

const laptop = display(1, 0, 1920, 1080, true);
const tv = display(2, 1920, 3840, 2160);
const smallMonitor = display(3, -1280, 1280, 1024);

describe('chooseHallDisplay', () => {
  it('takes the second screen, preferring external and then larger', () => {
    expect(chooseHallDisplay([laptop, tv], 1)?.id).toBe(2);
    expect(chooseHallDisplay([laptop, smallMonitor, tv], 1)?.id).toBe(2);
    expect(chooseHallDisplay([tv, laptop, display(4, 0, 4000, 3000, true)], 2)?.id).toBe(4);
    expect(chooseHallDisplay([display(5, 0, 1920, 1080, true), display(6, 0, 1920, 1080)], 9)?.id).toBe(6);
  });

  it('falls back to the primary screen when it is the only one, and to nothing without screens', () => {
    expect(chooseHallDisplay([laptop], 1)?.id).toBe(1);
    expect(chooseHallDisplay([], 1)).toBeUndefined();
  });
});

describe('planWindows', () => {
  it('opens one desk window on the primary screen even with more screens attached', () => {
    expect(planWindows({ role: 'desk', hallScreen: false }, [tv, laptop], 1)).toEqual([{ role: 'desk', display: laptop, secondary: false }]);
  });

  it('adds the hall window on the TV for a kiosk that drives one', () => {
    expect(planWindows({ role: 'kiosk', hallScreen: true }, [laptop, tv], 1)).toEqual([
      { role: 'kiosk', display: laptop, secondary: false },
      { role: 'hall', display: tv, secondary: true },
    ]);
  });

  it('drops the hall window when the TV is unplugged instead of covering the touch screen', () => {
    expect(planWindows({ role: 'kiosk', hallScreen: true }, [laptop], 1)).toEqual([{ role: 'kiosk', display: laptop, secondary: false }]);
  });

  it('puts a hall PC on its TV, or its only screen', () => {
    expect(planWindows({ role: 'hall', hallScreen: false }, [laptop, tv], 1)).toEqual([{ role: 'hall', display: tv, secondary: false }]);
    expect(planWindows({ role: 'hall', hallScreen: false }, [tv], 2)).toEqual([{ role: 'hall', display: tv, secondary: false }]);
  });

  it('plans nothing while no screen is reported', () => {
    expect(planWindows({ role: 'kiosk', hallScreen: true }, [], 1)).toEqual([]);
  });
});

describe('windowOptions', () => {
  const ctx = { preload: '/app/dist/preload/preload.cjs', display: laptop, devTools: false, title: '精微网点' };

  it('never weakens isolation for any role', () => {
    for (const role of ['desk', 'kiosk', 'hall'] as const) {
      const prefs = windowOptions(role, ctx).webPreferences!;
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
        preload: '/app/dist/preload/preload.cjs',
      });
    }
  });

  it('gives a LAN-hosted window no preload at all', () => {
    const prefs = windowOptions('hall', { ...ctx, preload: undefined }).webPreferences!;
    expect('preload' in prefs).toBe(false);
    expect(prefs.sandbox).toBe(true);
  });

  it('opens the desk as a normal window of at least 1280×800, centred', () => {
    const opts = windowOptions('desk', ctx);
    expect(opts).toMatchObject({ minWidth: 1280, minHeight: 800, width: 1440, height: 900, x: 240, y: 70 });
    expect(opts.fullscreen).toBeUndefined();
    expect(opts.kiosk).toBeUndefined();
  });

  it('shrinks the desk minimum on a 1366×768 counter monitor rather than overflowing it', () => {
    expect(deskSize({ x: 0, y: 0, width: 1366, height: 728 })).toEqual({ width: 1366, height: 728, minWidth: 1280, minHeight: 728 });
  });

  it('locks the kiosk into full-screen kiosk mode on its screen', () => {
    const opts = windowOptions('kiosk', ctx);
    expect(opts).toMatchObject({ fullscreen: true, kiosk: true, frame: false, autoHideMenuBar: true, x: 0, y: 0, width: 1920, height: 1080 });
    expect(opts.webPreferences).toMatchObject({ disableDialogs: true });
  });

  it('places the hall display full-screen on the chosen screen and keeps it from stealing focus beside a kiosk', () => {
    const opts = windowOptions('hall', { ...ctx, display: tv, secondary: true });
    expect(opts).toMatchObject({ fullscreen: true, frame: false, x: 1920, y: 0, width: 3840, height: 2160, focusable: false, skipTaskbar: true });
    expect(opts.webPreferences).toMatchObject({ backgroundThrottling: false });
    expect(windowOptions('hall', { ...ctx, display: tv }).focusable).toBe(true);
  });
});

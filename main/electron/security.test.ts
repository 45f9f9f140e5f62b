import { describe, expect, it, vi } from 'vitest';
import { APP_ROOT } from './app-protocol';
import {
  decideWindowOpen,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isPermissionAllowed,
  isTrustedSender,
  needsCsp,
  withCsp,
} from './security';

const ROOT = APP_ROOT;
const LAN = 'http://192.168.1.20:8080';

describe('isTrustedSender', () => {
  it('accepts our app:// pages, with a query or hash', () => {
    expect(isTrustedSender(`${ROOT}index.html?role=desk`, ROOT)).toBe(true);
    expect(isTrustedSender(`${ROOT}index.html#/customers/1`, ROOT)).toBe(true);
    expect(isTrustedSender(`${ROOT}assets/x.js`, ROOT)).toBe(true);
  });

  it('refuses every file:// page, including the renderer build itself opened from the disk', () => {
    expect(isTrustedSender('file:///home/teller/Downloads/evil.html', ROOT)).toBe(false);
    expect(isTrustedSender('file:///opt/jingwei/resources/app.asar/dist/renderer/index.html', ROOT)).toBe(false);
    expect(isTrustedSender('file:///opt/jingwei/resources/app.asar/dist/renderer/', 'file:///opt/jingwei/resources/app.asar/dist/renderer/')).toBe(false);
  });

  it('refuses another app:// host, credentials, web origins, empty and malformed senders', () => {
    expect(isTrustedSender('app://evil/index.html', ROOT)).toBe(false);
    expect(isTrustedSender('app://user:pw@jingwei/index.html', ROOT)).toBe(false);
    expect(isTrustedSender('https://evil.example/index.html', ROOT)).toBe(false);
    expect(isTrustedSender('', ROOT)).toBe(false);
    expect(isTrustedSender(null, ROOT)).toBe(false);
    expect(isTrustedSender('not a url', ROOT)).toBe(false);
    expect(isTrustedSender('about:blank', ROOT)).toBe(false);
  });

  it('compares origins for a LAN host root', () => {
    expect(isTrustedSender(`${LAN}/?role=hall`, LAN)).toBe(true);
    expect(isTrustedSender('http://192.168.1.20:8081/', LAN)).toBe(false);
    expect(isTrustedSender('https://192.168.1.20:8080/', LAN)).toBe(false);
    expect(isTrustedSender(`${ROOT}index.html`, LAN)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('keeps navigation inside the roots', () => {
    expect(isAllowedNavigation(`${ROOT}index.html?role=kiosk`, [ROOT])).toBe(true);
    expect(isAllowedNavigation('https://phish.example/', [ROOT])).toBe(false);
    expect(isAllowedNavigation(`${LAN}/display`, [ROOT, LAN])).toBe(true);
  });

  it('never opens an Electron window and hands only allow-listed https links to the OS browser', () => {
    const allow = ['https://www.pbccrc.org.cn'];
    expect(decideWindowOpen('https://www.pbccrc.org.cn/help?q=1', allow)).toEqual({ action: 'deny', openExternal: 'https://www.pbccrc.org.cn/help?q=1' });
    expect(decideWindowOpen('http://www.pbccrc.org.cn/', allow)).toEqual({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('https://user:pw@www.pbccrc.org.cn/', allow)).toEqual({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('https://evil.example/', allow)).toEqual({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('file:///etc/passwd', allow)).toEqual({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('javascript:alert(1)', allow)).toEqual({ action: 'deny', openExternal: null });
  });
});

describe('isPermissionAllowed', () => {
  const base = { role: 'desk' as const, permission: 'media', mediaTypes: ['video', 'audio'], requestingUrl: `${ROOT}index.html`, appRoots: [ROOT] };

  it('grants camera and microphone to our desk pages', () => {
    expect(isPermissionAllowed(base)).toBe(true);
    expect(isPermissionAllowed({ ...base, mediaTypes: ['video'] })).toBe(true);
  });

  it('denies media on public-facing devices and for foreign pages', () => {
    expect(isPermissionAllowed({ ...base, role: 'kiosk' })).toBe(false);
    expect(isPermissionAllowed({ ...base, role: 'hall' })).toBe(false);
    expect(isPermissionAllowed({ ...base, requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('denies everything that is not camera or microphone', () => {
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'hid', 'serial', 'usb']) {
      expect(isPermissionAllowed({ ...base, permission })).toBe(false);
    }
    expect(isPermissionAllowed({ ...base, mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed({ ...base, mediaTypes: ['unknown'] })).toBe(false);
  });
});

describe('CSP', () => {
  it('adds the header and keeps a policy the host sent itself', () => {
    expect(withCsp(undefined, 'X')).toEqual({ 'Content-Security-Policy': ['X'] });
    expect(withCsp({ 'content-security-policy': ['Y'], 'Content-Type': ['text/html'] }, 'X')).toEqual({ 'content-security-policy': ['Y', 'X'], 'Content-Type': ['text/html'] });
  });

  it('applies to our documents only', () => {
    expect(needsCsp({ url: `${ROOT}index.html`, resourceType: 'mainFrame' }, [ROOT])).toBe(true);
    expect(needsCsp({ url: `${LAN}/`, resourceType: 'mainFrame' }, [ROOT, LAN])).toBe(true);
    expect(needsCsp({ url: `${ROOT}assets/app.js`, resourceType: 'script' }, [ROOT])).toBe(false);
    expect(needsCsp({ url: 'https://other.example/', resourceType: 'mainFrame' }, [ROOT])).toBe(false);
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const s = {
      headers: undefined as undefined | ((details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> }, cb: (r: object) => void) => void),
      request: undefined as undefined | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: object) => void),
      check: undefined as undefined | ((wc: unknown, permission: string, origin: string, details: object) => boolean),
      webRequest: { onHeadersReceived: (listener: never) => void (s.headers = listener) },
      setPermissionRequestHandler: (h: never) => void (s.request = h),
      setPermissionCheckHandler: (h: never) => void (s.check = h),
    };
    return s;
  }

  it('wires the header and both permission handlers to the pure rules', () => {
    const s = fakeSession();
    const log = vi.fn();
    hardenSession(s as never, { role: 'desk', appRoots: [ROOT], csp: 'default-src x', externalAllowList: [], openExternal: async () => {}, log });

    const headerResponses: object[] = [];
    s.headers!({ url: `${ROOT}index.html`, resourceType: 'mainFrame', responseHeaders: {} }, (r) => headerResponses.push(r));
    s.headers!({ url: `${ROOT}a.png`, resourceType: 'image' }, (r) => headerResponses.push(r));
    expect(headerResponses).toEqual([{ responseHeaders: { 'Content-Security-Policy': ['default-src x'] } }, {}]);

    const grants: boolean[] = [];
    s.request!({}, 'media', (g) => grants.push(g), { mediaTypes: ['video'], requestingUrl: `${ROOT}index.html`, isMainFrame: true });
    s.request!({}, 'geolocation', (g) => grants.push(g), { requestingUrl: `${ROOT}index.html`, isMainFrame: true });
    expect(grants).toEqual([true, false]);
    expect(log).toHaveBeenCalledWith(`permission denied: geolocation for ${ROOT}index.html`);

    expect(s.check!({}, 'media', 'app://jingwei', { mediaType: 'audio', requestingUrl: `${ROOT}index.html`, isMainFrame: true })).toBe(true);
    expect(s.check!({}, 'media', 'app://jingwei', { mediaType: 'unknown', requestingUrl: `${ROOT}index.html`, isMainFrame: true })).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('blocks foreign navigation and webviews and routes window.open through the allow-list', async () => {
    const handlers = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, h: never) => void handlers.set(name, h),
      setWindowOpenHandler: (h: never) => void (openHandler = h),
    };
    const openExternal = vi.fn(async () => {});
    hardenWebContents(contents as never, { appRoots: [ROOT], externalAllowList: ['https://www.pbccrc.org.cn'], openExternal });

    const outside = { url: 'https://evil.example/', preventDefault: vi.fn() };
    const inside = { url: `${ROOT}index.html?role=desk`, preventDefault: vi.fn() };
    handlers.get('will-frame-navigate')!(outside);
    handlers.get('will-frame-navigate')!(inside);
    handlers.get('will-redirect')!({ ...outside, preventDefault: outside.preventDefault });
    expect(outside.preventDefault).toHaveBeenCalledTimes(2);
    expect(inside.preventDefault).not.toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    expect(openHandler!({ url: 'https://www.pbccrc.org.cn/x' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://www.pbccrc.org.cn/x']]);
  });
});

import type { OnHeadersReceivedListenerDetails, HeadersReceivedResponse, Session, WebContents } from 'electron';
import { APP_SCHEME } from './app-protocol';
import type { DeviceRole } from './device-config';

/**
 * Where the app's own pages live: `app://jingwei/` (our build, served by app-protocol.ts), or an http(s) origin
 * when a window shows the kiosk's LAN host. Everything the shell trusts is decided against one of these. A
 * `file:` page is never one of ours: whatever lies on the disk (a downloaded HTML file) cannot reach the core.
 */
export type AppRoot = string;

/** Is this frame URL one of our own pages? Same scheme and host as the app:// root, or the same http(s) origin. */
export function isTrustedSender(frameUrl: string | null | undefined, appRoot: AppRoot): boolean {
  if (!frameUrl || !URL.canParse(frameUrl) || !URL.canParse(appRoot)) return false;
  const url = new URL(frameUrl);
  const root = new URL(appRoot);
  // `app:` is not a special scheme to Node's URL parser, so its origin reads "null": compare scheme and host.
  if (root.protocol === `${APP_SCHEME}:`) return url.protocol === root.protocol && url.host === root.host && !url.username && !url.password;
  if (root.protocol !== 'http:' && root.protocol !== 'https:') return false;
  return url.origin === root.origin;
}

/** Navigation stays inside the roots a window was opened on; anything else (a dropped file, a link) is refused. */
export function isAllowedNavigation(targetUrl: string, roots: readonly AppRoot[]): boolean {
  return roots.some((root) => isTrustedSender(targetUrl, root));
}

export type WindowOpenDecision = { action: 'deny'; openExternal: string | null };

/**
 * No page may open a new Electron window. An https link whose origin IT allow-listed (e.g. the credit-bureau
 * portal) is handed to the OS browser instead; everything else is dropped.
 */
export function decideWindowOpen(targetUrl: string, externalAllowList: readonly string[]): WindowOpenDecision {
  if (!URL.canParse(targetUrl)) return { action: 'deny', openExternal: null };
  const url = new URL(targetUrl);
  const allowed = url.protocol === 'https:' && url.username === '' && url.password === '' && externalAllowList.includes(url.origin);
  return { action: 'deny', openExternal: allowed ? url.href : null };
}

export interface PermissionQuery {
  role: DeviceRole;
  permission: string;
  /** For `media` requests: which devices ('video' camera, 'audio' microphone); for checks the single type asked. */
  mediaTypes: readonly string[];
  requestingUrl: string;
  appRoots: readonly AppRoot[];
}

/**
 * Camera and microphone only, only on the desk (face-to-face video signing, capturing ID documents for OCR),
 * only for our own pages. Kiosks and hall screens face the public: nothing is granted there.
 */
export function isPermissionAllowed(q: PermissionQuery): boolean {
  if (q.role !== 'desk' || q.permission !== 'media') return false;
  if (!q.appRoots.some((root) => isTrustedSender(q.requestingUrl, root))) return false;
  return q.mediaTypes.length > 0 && q.mediaTypes.every((t) => t === 'video' || t === 'audio');
}

/**
 * Adds our policy to a response's headers. A policy the LAN host sent itself is kept: the browser enforces
 * both, so the host can only narrow what we allow, never widen it.
 */
export function withCsp(headers: Readonly<Record<string, string[]>> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) };
  const existing = Object.keys(out).find((k) => k.toLowerCase() === 'content-security-policy');
  if (existing) out[existing] = [...out[existing]!, csp];
  else out['Content-Security-Policy'] = [csp];
  return out;
}

/** Only documents need the header; images and scripts are governed by the policy of the page that loads them. */
export function needsCsp(details: Pick<OnHeadersReceivedListenerDetails, 'url' | 'resourceType'>, roots: readonly AppRoot[]): boolean {
  return (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') && roots.some((root) => isTrustedSender(details.url, root));
}

export interface HardeningOptions {
  role: DeviceRole;
  /** Roots of every window the shell opens; pages outside them get neither navigation nor permissions. */
  appRoots: readonly AppRoot[];
  csp: string;
  externalAllowList: readonly string[];
  openExternal(url: string): Promise<void>;
  log?(message: string): void;
}

type SessionLike = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** Session-wide rules: the CSP header on our documents and the permission policy. */
export function hardenSession(session: SessionLike, opts: HardeningOptions): void {
  session.webRequest.onHeadersReceived((details, callback: (response: HeadersReceivedResponse) => void) => {
    if (needsCsp(details, opts.appRoots)) callback({ responseHeaders: withCsp(details.responseHeaders, opts.csp) });
    else callback({});
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const allowed = isPermissionAllowed({ role: opts.role, permission, mediaTypes, requestingUrl: details.requestingUrl, appRoots: opts.appRoots });
    if (!allowed) opts.log?.(`permission denied: ${permission} for ${details.requestingUrl}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => {
    const mediaTypes = details.mediaType && details.mediaType !== 'unknown' ? [details.mediaType] : [];
    return isPermissionAllowed({ role: opts.role, permission, mediaTypes, requestingUrl: details.requestingUrl ?? '', appRoots: opts.appRoots });
  });
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Per-page rules, applied to every web contents the app creates (the `web-contents-created` hook). */
export function hardenWebContents(contents: ContentsLike, opts: Pick<HardeningOptions, 'appRoots' | 'externalAllowList' | 'openExternal' | 'log'>): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, opts.appRoots)) return;
    event.preventDefault();
    opts.log?.(`navigation blocked: ${url.slice(0, 200)}`);
  };
  // `will-frame-navigate` covers the top page and any frame; loadURL from the shell itself does not fire it.
  contents.on('will-frame-navigate', (event) => refuse(event, event.url));
  contents.on('will-redirect', (event) => refuse(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, opts.externalAllowList);
    if (decision.openExternal) void opts.openExternal(decision.openExternal).catch((e: unknown) => opts.log?.(`open external failed: ${String(e)}`));
    else opts.log?.(`window.open blocked: ${url.slice(0, 200)}`);
    return { action: decision.action };
  });
}

import type { OnHeadersReceivedListenerDetails, HeadersReceivedResponse, Session, WebContents } from 'electron';
import type { DeviceRole } from './device-config';

/**
 * Where the app's own pages live: the `file:` URL of the renderer folder (ending in `/`), or an http(s) origin
 * when a window shows the kiosk's LAN host. Everything the shell trusts is decided against one of these.
 */
export type AppRoot = string;

const ENCODED_SEPARATOR = /%(2f|5c|2e)/i;

function fileRootPath(url: URL): string {
  // Windows drive letters may come back in either case from Chromium and from Node.
  return decodeURIComponent(url.pathname).replace(/^\/([A-Za-z]):/, (_, d: string) => `/${d.toLowerCase()}:`);
}

/**
 * Is this frame URL one of our own pages? For `file:` roots the page must lie inside the renderer folder (so a
 * downloaded HTML file elsewhere on the disk cannot talk to the core); for http(s) roots the origin must match.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appRoot: AppRoot): boolean {
  if (!frameUrl || !URL.canParse(frameUrl) || !URL.canParse(appRoot)) return false;
  const url = new URL(frameUrl);
  const root = new URL(appRoot);
  if (root.protocol === 'file:') {
    if (url.protocol !== 'file:' || url.host !== root.host) return false;
    // Encoded dots and slashes could climb out of the folder after the prefix check; our pages never use them.
    if (ENCODED_SEPARATOR.test(url.pathname) || url.pathname.includes('\\')) return false;
    const rootPath = fileRootPath(root);
    return rootPath.endsWith('/') && fileRootPath(url).startsWith(rootPath);
  }
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

export interface CspOptions {
  /** Extra origins pages may fetch from or stream events from, e.g. the kiosk's queue host on the branch LAN. */
  connectOrigins?: readonly string[];
}

/**
 * The policy for every page the shell shows, kept in step with the browser host's (main/host/csp.ts): no inline
 * script or eval; inline styles allowed because React style attributes and ECharts tooltips need them; media
 * and images from blobs for camera capture and scans; no plugins, frames or embedding of our pages.
 */
export function buildCsp(opts: CspOptions = {}): string {
  const connect = ["'self'", ...(opts.connectOrigins ?? []).map((o) => new URL(o).origin)];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['connect-src', [...new Set(connect)]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['font-src', ["'self'", 'data:']],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
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

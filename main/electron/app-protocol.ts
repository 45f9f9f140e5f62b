import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { bytes } from '../core/secrets/bytes';

/**
 * The renderer is served as `app://jingwei/…` instead of `file://`: a page of ours then has an origin of its
 * own (nothing else on the disk shares it), Chromium's extra file: privileges stay off (the
 * GrantFileProtocolExtraPrivileges fuse), and every response carries our CSP whatever the page says.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'jingwei';
export const APP_ROOT = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * Registered before `ready`. `standard` gives the scheme real origins (relative URLs, same-origin checks);
 * `secure` lets it use what Chromium keeps for secure contexts (camera capture for the ID scanner);
 * `supportFetchAPI`/`stream` let the page fetch its own assets. No CORS, no service workers, no bypass of CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppFile = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps a request URL to a file inside the renderer folder, or refuses it. Refused: another scheme or host,
 * credentials or a port, encoded slashes or backslashes, NUL, any `.`/`..` segment (decoded or not), and
 * anything that still resolves outside the folder. Only known file types are served.
 */
export function resolveAppFile(requestUrl: string, rootDir: string): AppFile {
  if (!URL.canParse(requestUrl)) return { ok: false, status: 400 };
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port || url.username || url.password) return { ok: false, status: 403 };
  // The WHATWG parser already folded literal dot segments; encoded ones and encoded separators are refused outright.
  const raw = url.pathname;
  if (/%(2f|5c|00)/i.test(raw) || raw.includes('\\')) return { ok: false, status: 403 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400 };
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\0'))) return { ok: false, status: 403 };
  const relative = segments.length ? segments.join('/') : 'index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return { ok: false, status: 403 };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404 };
  return { ok: true, file, contentType };
}

/** The `protocol.handle` handler: the file, typed, never sniffed, HTML with our CSP; failures are bare statuses. */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, rootDir: string, csp: string, read: (file: string) => Promise<Uint8Array> = async (f) => bytes(await readFile(f))): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const target = resolveAppFile(request.url, rootDir);
  if (!target.ok) return new Response(null, { status: target.status });
  let body: Uint8Array;
  try {
    body = await read(target.file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const headers: Record<string, string> = { 'Content-Type': target.contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (target.contentType.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
  return new Response(request.method === 'HEAD' ? null : new Blob([body as Uint8Array<ArrayBuffer>]), { status: 200, headers });
}

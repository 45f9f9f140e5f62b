/**
 * The one content security policy of our pages, wherever they are served: the branch host (header), the
 * Electron shell's app:// protocol and session (header), and renderer/index.html (meta, the same minus
 * frame-ancestors, which a meta tag cannot carry; checked by csp.test.ts).
 * The renderer needs nothing from other origins: scripts, styles and the API all come from its own origin
 * (in Electron the API goes over IPC, not the network). Inline styles are allowed because React's style
 * attributes and chart libraries use them; inline scripts are not.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * DNS rebinding: a web page on an attacker's name (evil.example) re-resolves that name to 127.0.0.1 or a branch
 * LAN address and then talks to our servers from the victim's browser, same-origin as far as the browser knows.
 * It cannot change the Host header, which still says evil.example. So a server answers only requests whose Host is
 * an IP literal (no name to rebind), `localhost` (browsers resolve it themselves), or a name it was configured
 * with.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BRACKETED = /^\[[0-9a-f:.]+(%[0-9a-z._~-]+)?\]$/;

/** The name part of a Host header: lower-case, without port and trailing dot; brackets kept on IPv6. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** `allowed` holds host names (`sync.bank.example`) or wildcards (`*.bank.example`). */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  // HTTP/1.0 clients may omit Host; a browser never does.
  if (header === undefined) return true;
  const name = hostName(header);
  if (IPV4.test(name) || IPV6_BRACKETED.test(name)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((a) => {
    const want = a.trim().toLowerCase().replace(/\.$/, '');
    return want.startsWith('*.') ? name.endsWith(want.slice(1)) && name.length > want.length - 1 : name === want;
  });
}

/** `JINGWEI_ALLOWED_HOSTS=sync.bank.example,*.branch.bank.example` → the list. */
export function allowedHostsFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

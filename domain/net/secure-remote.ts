/**
 * A device password sent with HTTP basic auth over plain `http://` can be read by anyone on the path between the
 * branch and head office (the county's shared line, the branch LAN). Credentials go only over `https://`; plain
 * `http://` is accepted for this machine's loopback alone, which is what tests and `jingwei demo` use.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]';
}

/** Why `url` must not carry credentials, or null when it may. */
export function credentialUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `总行地址无效 Invalid head-office URL: ${url}`;
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopbackHostname(u.hostname)) return null;
  return `总行地址须使用 https://（带密码的 http:// 仅允许本机回环地址，用于测试和演示）：${u.protocol}//${u.host} ` +
    `The head-office URL must be https:// when a password is sent (plain http:// only to this machine's loopback, for tests and the demo)`;
}

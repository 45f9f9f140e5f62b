import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { pemCertificates } from './branch-ca';

/**
 * A fetch for the branch LAN that trusts only the branch CA in `caBundle` (the queue device's `branch-ca.pem`):
 * not the operating system's CAs, not a certificate the user clicked through. Plain http:// is refused, so the
 * counter key, the teller's password and her counter pass never cross the LAN in clear.
 */
export function pinnedFetch(caBundle: string): typeof fetch {
  const ca = pemCertificates(caBundle);
  if (!ca.length) throw new Error('the branch CA file holds no certificate');
  const dispatcher = new Agent({ connect: { ca, rejectUnauthorized: true }, keepAliveTimeout: 30_000 });
  return (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.protocol !== 'https:') throw new TypeError(`refusing ${url.protocol}// on the branch LAN: the queue host must be https://`);
    return undiciFetch(url, { ...(init as object), dispatcher });
  }) as unknown as typeof fetch;
}

/** Reads the branch CA file IT copied to this PC. */
export function readCaBundle(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!pemCertificates(text).length) throw new Error(`${path}: no PEM certificate in this file`);
  return text;
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceSecrets } from '../secrets/device-secrets';
import { writePrivateFile } from '../secrets/private-files';
import { certFingerprint, certTrusted, issueServerCert, makeBranchCa, type PemPair } from './branch-ca';

/**
 * The queue device's TLS material. Private keys are device secrets; certificates (public) are files in
 * `<data>/lan-tls/`, of which `branch-ca.pem` is the one IT copies to every counter PC and hall PC:
 *
 *   branch-ca.pem   what devices pin: the current CA, plus the next one while a rotation is prepared
 *   ca.pem          the current CA certificate          (key: secret tls.ca-key)
 *   ca-next.pem     the next CA during a rotation       (key: secret tls.ca-next-key)
 *   server.pem      this device's certificate           (key: secret tls.server-key)
 */
export const LAN_TLS_DIR = 'lan-tls';
export const CA_BUNDLE_FILE = 'branch-ca.pem';
const CA_KEY = 'tls.ca-key';
const NEXT_CA_KEY = 'tls.ca-next-key';
const SERVER_KEY = 'tls.server-key';
/** Re-issued at start when it would run out within this. */
const RENEW_MARGIN_MS = 30 * 86_400_000;

export interface LanTlsOptions {
  dataDir: string;
  secrets: DeviceSecrets;
  branchCode: string;
  now?: Date;
}

export interface LanTls {
  /** For the HTTPS server: its key, and its certificate followed by the CA's (browsers pinning the CA's key see it). */
  key: string;
  cert: string;
  /** The file to copy to counter and hall PCs, and the fingerprints of the CAs in it. */
  bundleFile: string;
  fingerprints: string[];
}

const joinPem = (pems: readonly string[]) => pems.map((p) => `${p.trim()}\n`).join('');
const dir = (o: LanTlsOptions) => join(o.dataDir, LAN_TLS_DIR);
const file = (o: LanTlsOptions, name: string) => join(dir(o), name);
const readText = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null);

function loadPair(o: LanTlsOptions, certFile: string, keyName: string): PemPair | null {
  const cert = readText(file(o, certFile));
  const key = o.secrets.secret(keyName);
  return cert && key ? { cert, key } : null;
}

function savePair(o: LanTlsOptions, certFile: string, keyName: string, pair: PemPair): void {
  o.secrets.setSecret(keyName, pair.key);
  writePrivateFile(file(o, certFile), pair.cert);
}

function writeBundle(o: LanTlsOptions): LanTls['fingerprints'] {
  const certs = [readText(file(o, 'ca.pem')), readText(file(o, 'ca-next.pem'))].filter((c): c is string => c !== null);
  writePrivateFile(file(o, CA_BUNDLE_FILE), joinPem(certs));
  return certs.map(certFingerprint);
}

/**
 * The branch CA (made on first use) and a server certificate for `hosts` signed by it, re-issued when an address
 * was added, the CA changed or it runs out within 30 days.
 */
export async function ensureLanTls(o: LanTlsOptions, hosts: readonly string[]): Promise<LanTls> {
  const now = o.now ?? new Date();
  let ca = loadPair(o, 'ca.pem', CA_KEY);
  if (!ca) {
    ca = await makeBranchCa(o.branchCode, now);
    savePair(o, 'ca.pem', CA_KEY, ca);
  }
  let server = loadPair(o, 'server.pem', SERVER_KEY);
  if (!server || !hosts.every((h) => certTrusted(server!.cert, ca!.cert, h, now, RENEW_MARGIN_MS))) {
    server = await issueServerCert(ca, [...new Set(hosts)], o.branchCode, now);
    savePair(o, 'server.pem', SERVER_KEY, server);
  }
  const fingerprints = writeBundle(o);
  return { key: server.key, cert: joinPem([server.cert, ca.cert]), bundleFile: file(o, CA_BUNDLE_FILE), fingerprints };
}

/**
 * Rotation, step 1: makes the next CA and adds it to `branch-ca.pem`, while this device keeps serving with the
 * current one. IT copies the new bundle to every counter and hall PC, then runs step 2.
 */
export async function prepareCaRotation(o: LanTlsOptions): Promise<string[]> {
  if (!loadPair(o, 'ca.pem', CA_KEY)) throw new Error('no branch CA yet: start the LAN queue service once first');
  if (!loadPair(o, 'ca-next.pem', NEXT_CA_KEY)) savePair(o, 'ca-next.pem', NEXT_CA_KEY, await makeBranchCa(o.branchCode, o.now ?? new Date()));
  return writeBundle(o);
}

/**
 * Rotation, step 2: the next CA becomes the current one and the old one is dropped from the bundle and deleted;
 * the server certificate is re-issued under the new CA at the next start. Devices still holding only the old CA
 * can no longer reach this device.
 */
export function finishCaRotation(o: LanTlsOptions): string[] {
  const next = loadPair(o, 'ca-next.pem', NEXT_CA_KEY);
  if (!next) throw new Error('no rotation prepared: run the first step (--rotate-ca) first');
  savePair(o, 'ca.pem', CA_KEY, next);
  o.secrets.deleteSecret(NEXT_CA_KEY);
  rmSync(file(o, 'ca-next.pem'), { force: true });
  o.secrets.deleteSecret(SERVER_KEY);
  rmSync(file(o, 'server.pem'), { force: true });
  return writeBundle(o);
}

// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { X509Certificate as NodeX509, createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/**
 * The branch-local certificate authority of the LAN queue service. The queue device makes it at set-up; counter
 * PCs and hall PCs pin it (they trust no other CA for the queue device, not even the operating system's). ECDSA
 * P-256 through WebCrypto: small certificates, fast handshakes, accepted by Node's TLS, Chromium and Electron.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CA_YEARS = 10;
/** The server certificate is re-issued by the queue device itself well before it runs out. */
export const SERVER_CERT_DAYS = 397;
const DAY_MS = 86_400_000;

export interface PemPair {
  cert: string;
  key: string;
}

const subtle = globalThis.crypto.subtle;

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

async function importPair(pair: PemPair): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const cert = new x509.X509Certificate(pair.cert);
  const der = new Uint8Array(Buffer.from(pair.key.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  const privateKey = await subtle.importKey('pkcs8', der, ALG, false, ['sign']);
  return { cert, keys: { privateKey, publicKey: await cert.publicKey.export(ALG, ['verify']) } };
}

const serial = () => randomBytes(16).toString('hex').replace(/^[89a-f]/, '7');

/** A new branch CA: self-signed, may sign server certificates only (path length 0). */
export async function makeBranchCa(branchCode: string, now: Date): Promise<PemPair> {
  const keys = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Jingwei ${branchCode} branch LAN CA ${now.toISOString().slice(0, 10)}, O=Jingwei Branch`,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_YEARS * 365 * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** The queue device's server certificate for the addresses and names it is reached by, signed by the branch CA. */
export async function issueServerCert(ca: PemPair, hosts: readonly string[], branchCode: string, now: Date): Promise<PemPair> {
  const issuer = await importPair(ca);
  const keys = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=Jingwei ${branchCode} queue device, O=Jingwei Branch`,
    issuer: issuer.cert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + SERVER_CERT_DAYS * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }))),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** The certificates of a PEM file (a CA bundle may hold the current and the next CA). */
export function pemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** SHA-256 of the certificate, as IT reads it out to compare on each device (AA:BB:…). */
export function certFingerprint(pem: string): string {
  return new NodeX509(pem).fingerprint256;
}

/** SHA-256 of the certificate's public key (base64): the form Chromium's `--ignore-certificate-errors-spki-list` takes. */
export function spkiHash(pem: string): string {
  return createHash('sha256').update(new Uint8Array(new NodeX509(pem).publicKey.export({ type: 'spki', format: 'der' }))).digest('base64');
}

/**
 * Whether `cert` is a valid certificate for `host`, signed by one of the CAs in `bundle`, at `now`. The same check
 * a pinned client makes; the queue device uses it to decide when to re-issue its own certificate.
 */
export function certTrusted(cert: string, bundle: string, host: string | null, now: Date, marginMs = 0): boolean {
  let leaf: NodeX509;
  try {
    leaf = new NodeX509(cert);
  } catch {
    return false;
  }
  const at = now.getTime();
  if (Date.parse(leaf.validFrom) > at || Date.parse(leaf.validTo) <= at + marginMs) return false;
  if (host !== null && !(isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host))) return false;
  return pemCertificates(bundle).some((pem) => {
    const ca = new NodeX509(pem);
    return ca.ca && Date.parse(ca.validTo) > at && leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
  });
}

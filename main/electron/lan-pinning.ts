import { certTrusted } from '../core/lan/branch-ca';

/** Chromium's verdicts for `setCertificateVerifyProc`: accept, refuse, or keep Chromium's own check. */
export const CERT_OK = 0;
export const CERT_REFUSED = -2;
export const CERT_DEFAULT = -3;

/** The part of Electron's certificate request the decision needs, so it runs under plain Node. */
export interface CertificateRequest {
  hostname: string;
  /** The server certificate, PEM. */
  certificate: { data: string };
}

/**
 * A hall PC's pinning of the queue device: for the queue device's host only a certificate issued by the branch CA
 * (the `branch-ca.pem` IT put on this PC) is accepted, whatever the operating system trusts; other hosts keep
 * Chromium's own verdict (a hall PC opens nothing else anyway).
 */
export function pinnedVerdict(req: CertificateRequest, queueHost: string, caBundle: string, now = new Date()): number {
  if (req.hostname !== queueHost) return CERT_DEFAULT;
  return certTrusted(req.certificate.data, caBundle, req.hostname, now) ? CERT_OK : CERT_REFUSED;
}

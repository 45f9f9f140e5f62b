import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeviceSecrets, type DeviceSecrets } from '../secrets/device-secrets';
import { certTrusted, pemCertificates } from './branch-ca';
import { ensureLanTls, finishCaRotation, prepareCaRotation, type LanTlsOptions } from './lan-tls';

describe('the branch CA and the queue device certificate', () => {
  let dataDir: string;
  let secrets: DeviceSecrets;
  let o: LanTlsOptions;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jingwei-lan-tls-'));
    secrets = await openDeviceSecrets({ dir: join(dataDir, 'secrets') });
    o = { dataDir, secrets, branchCode: 'HM01', now: new Date('2026-11-30T01:00:00Z') };
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is made once, keeps its private keys in the device secrets, and covers the addresses the device serves', async () => {
    const first = await ensureLanTls(o, ['127.0.0.1', '192.168.1.20']);
    const bundle = readFileSync(first.bundleFile, 'utf8');
    expect(pemCertificates(bundle)).toHaveLength(1);
    expect(first.fingerprints[0]).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certTrusted(first.cert, bundle, '192.168.1.20', o.now!)).toBe(true);
    expect(certTrusted(first.cert, bundle, '192.168.1.21', o.now!)).toBe(false);
    // No private key on disk outside the encrypted secrets.
    expect(readFileSync(first.bundleFile, 'utf8')).not.toContain('PRIVATE KEY');
    expect(readFileSync(join(dataDir, 'lan-tls', 'server.pem'), 'utf8')).not.toContain('PRIVATE KEY');
    expect(secrets.secret('tls.ca-key')).toContain('PRIVATE KEY');

    const again = await ensureLanTls(o, ['127.0.0.1', '192.168.1.20']);
    expect(again.cert).toBe(first.cert);
    // A new address: a new server certificate under the same CA.
    const moved = await ensureLanTls(o, ['127.0.0.1', '192.168.1.30']);
    expect(moved.cert).not.toBe(first.cert);
    expect(moved.fingerprints).toEqual(first.fingerprints);
    // Close to its end the server certificate is renewed at start.
    const later = await ensureLanTls({ ...o, now: new Date('2027-12-10T00:00:00Z') }, ['127.0.0.1', '192.168.1.30']);
    expect(later.cert).not.toBe(moved.cert);
  });

  it('rotates in two steps: devices learn the next CA before the queue device switches to it', async () => {
    const before = await ensureLanTls(o, ['127.0.0.1']);
    const oldBundle = readFileSync(before.bundleFile, 'utf8');
    const both = await prepareCaRotation(o);
    expect(both).toHaveLength(2);
    const transitional = readFileSync(before.bundleFile, 'utf8');
    // Still serving under the old CA, which devices with either bundle accept.
    const during = await ensureLanTls(o, ['127.0.0.1']);
    expect(during.cert).toBe(before.cert);
    expect(certTrusted(during.cert, transitional, '127.0.0.1', o.now!)).toBe(true);

    expect(finishCaRotation(o)).toEqual([both[1]]);
    const after = await ensureLanTls(o, ['127.0.0.1']);
    expect(after.cert).not.toBe(before.cert);
    expect(certTrusted(after.cert, transitional, '127.0.0.1', o.now!)).toBe(true);
    // A device never given the new bundle no longer trusts the queue device, and the old CA key is gone.
    expect(certTrusted(after.cert, oldBundle, '127.0.0.1', o.now!)).toBe(false);
    expect(secrets.secret('tls.ca-next-key')).toBeNull();
    expect(() => finishCaRotation(o)).toThrow(/no rotation prepared/);
  });
});

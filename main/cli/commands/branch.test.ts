import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateHeadOfficeKeys, trustRootFileOf } from '../../../trust/head-office-keys';
import { branchOptionsSchema, coreOptions, lanAddresses, servesLan, TRUST_ROOT_FILE, trustFor } from './branch';

const flags = (o: Record<string, unknown>) => branchOptionsSchema.parse({ data: 'data/hm01', ...o });

describe('jingwei branch: what the flags and the environment make of the core', () => {
  it('a plain branch host keeps its own queue and does not sync', () => {
    expect(coreOptions(flags({}), {})).toEqual({ dataDir: resolve('data/hm01'), branchCode: 'HM01', branchName: '侯马支行' });
  });

  it('a counter PC reaches the queue device over https, pinned to the branch CA file, with the key from the environment', () => {
    const readCa = (path: string) => `CA from ${path}`;
    const lan = { 'queue-host': 'https://192.168.1.20:8443', 'queue-ca': 'branch-ca.pem' };
    expect(coreOptions(flags(lan), { JINGWEI_COUNTER_KEY: 'k'.repeat(32) }, readCa)).toMatchObject({
      queueHost: { url: 'https://192.168.1.20:8443', counterKey: 'k'.repeat(32), ca: `CA from ${resolve('branch-ca.pem')}` },
    });
    expect(coreOptions(flags(lan), {}, readCa)).toContain('JINGWEI_COUNTER_KEY');
    expect(coreOptions(flags({ 'queue-host': 'https://192.168.1.20:8443' }), { JINGWEI_COUNTER_KEY: 'k'.repeat(32) }, readCa)).toContain('--queue-ca');
    expect(coreOptions(flags(lan), { JINGWEI_COUNTER_KEY: 'k'.repeat(32) }, () => { throw new Error('ENOENT'); })).toContain('ENOENT');
    // Plain http on the LAN is refused outright.
    expect(() => flags({ 'queue-host': 'http://192.168.1.20:8080' })).toThrow();
  });

  it('a LAN address (or --lan) makes this PC the queue device: queue-only store; loopback keeps the whole branch', () => {
    expect(coreOptions(flags({ host: '192.168.1.20' }), {})).toMatchObject({ queueDevice: true });
    expect(coreOptions(flags({ lan: true }), {})).toMatchObject({ queueDevice: true });
    expect(coreOptions(flags({}), {})).not.toHaveProperty('queueDevice');
    expect(servesLan({ host: '127.0.0.1', lan: false })).toBe(false);
    expect(lanAddresses('192.168.1.20')).toEqual(['192.168.1.20', '127.0.0.1', 'localhost']);
  });

  it('--tablet serves the branch tablet\'s signing page on a LAN address, port 8444 unless given; the desk keeps its whole store', () => {
    expect(flags({ tablet: '192.168.1.31' }).tablet).toEqual({ host: '192.168.1.31', port: 8444 });
    expect(flags({ tablet: '127.0.0.1:0' }).tablet).toEqual({ host: '127.0.0.1', port: 0 });
    expect(() => flags({ tablet: 'tablet.example:8444' })).toThrow();
    expect(() => flags({ tablet: '192.168.1.31:70000' })).toThrow();
    expect(coreOptions(flags({ tablet: '192.168.1.31' }), {})).not.toHaveProperty('queueDevice');
  });

  it('syncs with head office as the device user, the password from the environment', () => {
    const options = coreOptions(flags({ remote: 'https://sync.bank.local:6984', user: 'hm01-desk-01' }), { JINGWEI_DEVICE_PASSWORD: 'device-pass-2026' });
    expect(options).toMatchObject({ remote: { url: 'https://sync.bank.local:6984', username: 'hm01-desk-01', password: 'device-pass-2026' } });
    expect(coreOptions(flags({ remote: 'https://sync.bank.local:6984', user: 'hm01-desk-01' }), {})).toContain('JINGWEI_DEVICE_PASSWORD');
    expect(() => flags({ remote: 'ftp://sync.bank.local' })).toThrow();
  });

  it('refuses to send the device password over plain http to another machine; loopback is for tests and the demo', () => {
    const env = { JINGWEI_DEVICE_PASSWORD: 'device-pass-2026' };
    expect(coreOptions(flags({ remote: 'http://sync.bank.local:5984', user: 'hm01-desk-01' }), env)).toMatch(/https:\/\//);
    expect(coreOptions(flags({ remote: 'http://u:p@10.0.0.5:5984' }), env)).toMatch(/https:\/\//);
    expect(coreOptions(flags({ remote: 'http://127.0.0.1:5984', user: 'hm01-desk-01' }), env)).toMatchObject({ remote: { url: 'http://127.0.0.1:5984' } });
  });
});

describe('jingwei branch: whose signatures the device trusts for staff', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'jingwei-trust-'));

  it('pins the trust root given at provisioning, and refuses to seed demo staff on such a device', () => {
    const data = dir();
    writeFileSync(join(data, TRUST_ROOT_FILE), JSON.stringify(trustRootFileOf(generateHeadOfficeKeys(false))));
    const pinned = trustFor(flags({ data }), data);
    expect(typeof pinned !== 'string' && pinned.trust?.demo).toBe(false);
    expect(trustFor(flags({ data, 'seed-demo': true }), data)).toContain('--seed-demo');
    expect(trustFor(flags({ data, 'trust-root': join(data, 'nope.json') }), data)).toContain('总行信任根文件无效');
  });

  it('makes a demo trust root for --seed-demo and keeps using it for that folder; trusts nobody otherwise', () => {
    const data = dir();
    expect(trustFor(flags({ data }), data)).toEqual({ trust: null, demoKeys: null });
    const demo = trustFor(flags({ data, 'seed-demo': true }), data);
    expect(typeof demo !== 'string' && demo.trust?.demo).toBe(true);
    const again = trustFor(flags({ data }), data);
    if (typeof again === 'string' || typeof demo === 'string') throw new Error('expected trust roots');
    expect([...again.trust!.signingKeys.keys()]).toEqual([...demo.trust!.signingKeys.keys()]);
  });
});

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytes, concatBytes, randomKey } from './bytes';
import { openDeviceSecrets, SecretsError, type OsKeystore } from './device-secrets';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'jw-secrets-')), 'secrets');
const mode = (p: string) => statSync(p).mode & 0o777;

/** Stands in for Electron safeStorage: AES under a key the "OS" holds, so a wrapped key is useless without it. */
function fakeKeystore(osKey = randomKey(32)): OsKeystore {
  return {
    name: 'fake',
    async protect(plain) {
      const iv = randomKey(16);
      const c = createCipheriv('aes-256-cbc', osKey, iv);
      return Buffer.from(concatBytes([Buffer.from(iv), c.update(plain), c.final()]));
    },
    async unprotect(blob) {
      const d = createDecipheriv('aes-256-cbc', osKey, bytes(blob.subarray(0, 16)));
      return { plain: concatBytes([d.update(bytes(blob.subarray(16))), d.final()]), stale: false };
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

describe('device secrets', () => {
  it('makes a named key once and hands the same one out after a restart', async () => {
    const dir = fresh();
    const a = (await openDeviceSecrets({ dir })).key('audit.hmac');
    expect(a).toHaveLength(32);
    expect((await openDeviceSecrets({ dir })).key('audit.hmac')).toEqual(a);
    expect((await openDeviceSecrets({ dir })).key('store.branch-hm01')).not.toEqual(a);
  });

  it('two processes making the same key at once end up with one key', async () => {
    const dir = fresh();
    const first = await openDeviceSecrets({ dir });
    const second = await openDeviceSecrets({ dir });
    const k2 = second.key('tls.ca');
    expect(first.key('tls.ca')).toEqual(k2);
  });

  it('keeps the folder 0700 and every file 0600, even under a permissive umask', async () => {
    const dir = fresh();
    const old = process.umask(0o000);
    try {
      const s = await openDeviceSecrets({ dir });
      s.key('audit.hmac');
      s.setSecret('head-office.password', 'device-password-123');
    } finally {
      process.umask(old);
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'entries'))).toBe(0o700);
    const files = filesUnder(dir);
    expect(files.length).toBe(3);
    for (const f of files) expect(mode(f), f).toBe(0o600);
  });

  it('narrows files an older version left world-readable', async () => {
    const dir = fresh();
    (await openDeviceSecrets({ dir })).setSecret('x', 'y');
    const entry = join(dir, 'entries', 'x.json');
    chmodSync(entry, 0o644);
    chmodSync(dir, 0o755);
    expect((await openDeviceSecrets({ dir })).secret('x')).toBe('y');
    expect(mode(entry)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
  });

  it('stores secret values encrypted: the password is nowhere on disk in clear', async () => {
    const dir = fresh();
    const s = await openDeviceSecrets({ dir });
    s.setSecret('head-office.password', 'Sekrit-Device-Pass-2026');
    for (const f of filesUnder(dir)) expect(readFileSync(f).includes('Sekrit-Device-Pass-2026'), f).toBe(false);
    expect((await openDeviceSecrets({ dir })).secret('head-office.password')).toBe('Sekrit-Device-Pass-2026');
    s.setSecret('head-office.password', 'Replaced-Pass-2027');
    expect((await openDeviceSecrets({ dir })).secret('head-office.password')).toBe('Replaced-Pass-2027');
    s.deleteSecret('head-office.password');
    expect((await openDeviceSecrets({ dir })).secret('head-office.password')).toBeNull();
  });

  it('refuses an entry copied under another name (the name is bound into the ciphertext)', async () => {
    const dir = fresh();
    const s = await openDeviceSecrets({ dir });
    s.setSecret('a', 'value-a');
    s.setSecret('b', 'value-b');
    writeFileSync(join(dir, 'entries', 'b.json'), readFileSync(join(dir, 'entries', 'a.json'), 'utf8'));
    const reopened = await openDeviceSecrets({ dir });
    expect(() => reopened.secret('b')).toThrow(SecretsError);
  });

  it('refuses names that could escape the folder and mixing keys with secrets', async () => {
    const s = await openDeviceSecrets({ dir: fresh() });
    expect(() => s.key('../master-key')).toThrow(/invalid secret name/);
    expect(() => s.setSecret('A/B', 'x')).toThrow(/invalid secret name/);
    s.key('k');
    expect(() => s.secret('k')).toThrow(/is a key/);
  });

  it('rotates a key: new generation current, older ones kept until retired', async () => {
    const dir = fresh();
    const s = await openDeviceSecrets({ dir });
    const g1 = s.key('audit.hmac');
    const g2 = s.rotateKey('audit.hmac');
    expect(g2.generation).toBe(2);
    expect(s.key('audit.hmac')).toEqual(g2.key);
    const ring = (await openDeviceSecrets({ dir })).keyring('audit.hmac');
    expect(ring.map((r) => r.generation)).toEqual([2, 1]);
    expect(ring[1]!.key).toEqual(g1);
    s.retireKeys('audit.hmac', 2);
    expect((await openDeviceSecrets({ dir })).keyring('audit.hmac').map((r) => r.generation)).toEqual([2]);
    expect(() => s.retireKeys('audit.hmac', 3)).toThrow(/lose the key/);
    expect(s.keyring('never-made')).toEqual([]);
  });

  it('rotates the master key: every entry re-sealed, values unchanged, old master gone', async () => {
    const dir = fresh();
    const s = await openDeviceSecrets({ dir });
    const k = s.key('store.branch-hm01');
    s.setSecret('head-office.password', 'pw-123456789012');
    const before = readFileSync(join(dir, 'master-key.json'), 'utf8');
    await s.rotateMaster();
    expect(readFileSync(join(dir, 'master-key.json'), 'utf8')).not.toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['entries', 'master-key.json']);
    const again = await openDeviceSecrets({ dir });
    expect(again.key('store.branch-hm01')).toEqual(k);
    expect(again.secret('head-office.password')).toBe('pw-123456789012');
  });

  it('finishes a master-key rotation that was interrupted half-way', async () => {
    const dir = fresh();
    const s = await openDeviceSecrets({ dir });
    const k = s.key('a');
    s.setSecret('b', 'secret-b');
    // Simulate a crash after the new key was written and only entry `a` was re-sealed.
    const master = readFileSync(join(dir, 'master-key.json'), 'utf8');
    const entryB = readFileSync(join(dir, 'entries', 'b.json'), 'utf8');
    await s.rotateMaster();
    const rotated = readFileSync(join(dir, 'master-key.json'), 'utf8');
    writeFileSync(join(dir, 'master-key.next.json'), rotated);
    writeFileSync(join(dir, 'master-key.json'), master);
    writeFileSync(join(dir, 'entries', 'b.json'), entryB);
    const reopened = await openDeviceSecrets({ dir });
    expect(reopened.key('a')).toEqual(k);
    expect(reopened.secret('b')).toBe('secret-b');
    expect(readdirSync(dir).sort()).toEqual(['entries', 'master-key.json']);
    expect(readFileSync(join(dir, 'master-key.json'), 'utf8')).toBe(rotated);
  });

  describe('with the OS keystore', () => {
    it('keeps the master key only in wrapped form', async () => {
      const dir = fresh();
      const ks = fakeKeystore();
      const s = await openDeviceSecrets({ dir, keystore: ks });
      expect(s.protection).toBe('os-keystore');
      const k = s.key('audit.hmac');
      const file = JSON.parse(readFileSync(join(dir, 'master-key.json'), 'utf8')) as Record<string, unknown>;
      expect(file).toMatchObject({ protection: 'os-keystore', keystore: 'fake' });
      expect(file.key).toBeUndefined();
      expect((await openDeviceSecrets({ dir, keystore: ks })).key('audit.hmac')).toEqual(k);
    });

    it('cannot be opened without the keystore, nor with another machine\'s keystore', async () => {
      const dir = fresh();
      (await openDeviceSecrets({ dir, keystore: fakeKeystore() })).setSecret('x', 'y');
      await expect(openDeviceSecrets({ dir })).rejects.toThrow(/protected by the OS keystore/);
      await expect(openDeviceSecrets({ dir, keystore: fakeKeystore() })).rejects.toThrow(SecretsError);
    });

    it('moves a browser-mode key file into the keystore, keeping every key', async () => {
      const dir = fresh();
      const plain = await openDeviceSecrets({ dir });
      expect(plain.protection).toBe('key-file');
      const k = plain.key('store.reference');
      const ks = fakeKeystore();
      const upgraded = await openDeviceSecrets({ dir, keystore: ks });
      expect(upgraded.protection).toBe('os-keystore');
      expect(upgraded.key('store.reference')).toEqual(k);
      expect(JSON.parse(readFileSync(join(dir, 'master-key.json'), 'utf8'))).not.toHaveProperty('key');
    });
  });
});

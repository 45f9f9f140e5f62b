import { describe, expect, it } from 'vitest';
import { chooseKeystore } from './os-keystore';

function fakeSafeStorage(opts: { available?: boolean; backend?: string; reencrypt?: boolean } = {}) {
  return {
    isAsyncEncryptionAvailable: async () => opts.available ?? true,
    getSelectedStorageBackend: () => (opts.backend ?? 'gnome_libsecret') as 'gnome_libsecret',
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${s}`),
    decryptStringAsync: async (b: Buffer) => ({ result: b.toString().replace(/^enc:/, ''), shouldReEncrypt: opts.reencrypt ?? false }),
  };
}

describe('the OS keystore behind the device secrets', () => {
  it('wraps binary keys through safeStorage and back', async () => {
    const choice = await chooseKeystore(fakeSafeStorage(), 'linux');
    expect(choice.keystore?.name).toBe('safeStorage:gnome_libsecret');
    const key = new Uint8Array([0, 255, 1, 254, 10, 13]);
    const wrapped = await choice.keystore!.protect(key);
    expect(wrapped.includes(Buffer.from(key))).toBe(false);
    const opened = await choice.keystore!.unprotect(wrapped);
    expect(opened.plain).toEqual(key);
    expect(opened.stale).toBe(false);
  });

  it('passes on that safeStorage wants a value encrypted again', async () => {
    const choice = await chooseKeystore(fakeSafeStorage({ reencrypt: true }), 'win32');
    expect(choice.keystore?.name).toBe('safeStorage:dpapi');
    expect((await choice.keystore!.unprotect(await choice.keystore!.protect(new Uint8Array([107])))).stale).toBe(true);
  });

  it('does not count Linux basic_text (a key built into Chromium) as a keystore', async () => {
    const choice = await chooseKeystore(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(choice).toEqual({ keystore: undefined, reason: expect.stringContaining('basic_text') });
  });

  it('falls back when safeStorage is unavailable', async () => {
    expect((await chooseKeystore(fakeSafeStorage({ available: false }), 'win32')).keystore).toBeUndefined();
  });
});

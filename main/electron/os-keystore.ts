import type { SafeStorage } from 'electron';
import { bytes } from '../core/secrets/bytes';
import type { OsKeystore } from '../core/secrets/device-secrets';

type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export type KeystoreChoice = { keystore: OsKeystore } | { keystore: undefined; reason: string };

/**
 * Electron `safeStorage` as the core's OS keystore (DPAPI on Windows, Keychain on macOS, libsecret or
 * KWallet on Linux). On Linux without a keyring Chromium falls back to `basic_text`, a key compiled into
 * every copy of Chromium: that protects nothing, so the device keeps its 0600 key file instead and says so.
 * Called after `app` is ready (before it the Linux backend is `unknown`).
 */
export async function chooseKeystore(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<KeystoreChoice> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { keystore: undefined, reason: 'safeStorage is not available' };
  let name = `safeStorage:${platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : platform}`;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return { keystore: undefined, reason: `safeStorage backend ${backend} has no OS keyring` };
    name = `safeStorage:${backend}`;
  }
  return {
    keystore: {
      name,
      // The master key is binary; safeStorage takes strings.
      protect: (plain) => safeStorage.encryptStringAsync(Buffer.from(plain).toString('base64')),
      async unprotect(blob) {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(blob);
        return { plain: bytes(Buffer.from(result, 'base64')), stale: shouldReEncrypt };
      },
    },
  };
}

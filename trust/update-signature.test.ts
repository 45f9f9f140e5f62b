import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUpdatePublicKey, sha512OfFile, updateStatement, verifyDownloadedUpdate, verifyUpdateFile } from './update-signature';

const release = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const dir = mkdtempSync(join(tmpdir(), 'jw-upd-'));
const file = join(dir, 'jingwei-branch-0.2.0-linux-x86_64.AppImage');
writeFileSync(file, 'an installer, in reality ~100 MB');

async function signatureOf(path: string, name: string, key = release.privateKey) {
  return sign(null, new Uint8Array(Buffer.from(updateStatement(name, await sha512OfFile(path)))), key).toString('base64');
}

describe('release signatures of updates', () => {
  it('verifies a file signed with the release key, by PEM or base64 SPKI', async () => {
    const sig = await signatureOf(file, 'jingwei-branch-0.2.0-linux-x86_64.AppImage');
    const pem = release.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const b64 = release.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(await verifyUpdateFile(file, sig, parseUpdatePublicKey(pem))).toBe(true);
    expect(await verifyUpdateFile(file, sig, parseUpdatePublicKey(b64))).toBe(true);
  });

  it('refuses another key, a changed file, a renamed file and garbage', async () => {
    const sig = await signatureOf(file, 'jingwei-branch-0.2.0-linux-x86_64.AppImage');
    const key = parseUpdatePublicKey(release.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(await verifyUpdateFile(file, await signatureOf(file, 'jingwei-branch-0.2.0-linux-x86_64.AppImage', other.privateKey), key)).toBe(false);
    const changed = join(dir, 'changed.AppImage');
    writeFileSync(changed, 'an installer, in reality ~100 MB!');
    expect(await verifyUpdateFile(changed, sig, key, 'jingwei-branch-0.2.0-linux-x86_64.AppImage')).toBe(false);
    expect(await verifyUpdateFile(file, sig, key, 'jingwei-branch-0.1.0-linux-x86_64.AppImage')).toBe(false);
    expect(await verifyUpdateFile(file, 'not base64 at all', key)).toBe(false);
  });

  it('accepts only Ed25519 keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseUpdatePublicKey(rsa)).toThrow(/not ed25519/);
    expect(() => parseUpdatePublicKey('nonsense')).toThrow();
  });

  it('fetches <file>.sig from the feed; a missing signature is a refusal', async () => {
    const sig = await signatureOf(file, 'jingwei-branch-0.2.0-linux-x86_64.AppImage');
    const asked: string[] = [];
    const fetchFn = (async (url: URL) => {
      asked.push(url.href);
      return url.pathname.endsWith('.AppImage.sig') ? new Response(sig) : new Response('', { status: 404 });
    }) as unknown as typeof fetch;
    const common = { feedUrl: 'https://updates.bank.example/branch', downloadedFile: file, publicKey: release.publicKey, fetch: fetchFn };
    expect(await verifyDownloadedUpdate({ ...common, remoteName: 'jingwei-branch-0.2.0-linux-x86_64.AppImage' })).toBe(true);
    expect(asked).toEqual(['https://updates.bank.example/branch/jingwei-branch-0.2.0-linux-x86_64.AppImage.sig']);
    expect(await verifyDownloadedUpdate({ ...common, remoteName: 'jingwei-branch-0.2.0.deb' })).toBe(false);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyUpdateFile } from '../trust/update-signature';
import { releaseProblems, unpackedScripts, type BuilderConfig } from './release-check';
import { signReleaseFiles } from './release';

const root = fileURLToPath(new URL('..', import.meta.url));
const keys = generateKeyPairSync('ed25519');
const dir = mkdtempSync(join(tmpdir(), 'jw-release-'));
const keyFile = join(dir, 'release.key.pem');
writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const complete = { JINGWEI_RELEASE_KEY: keyFile, CSC_LINK: '/secure/bank-codesign.pfx', JINGWEI_WIN_PUBLISHER: '某县农村商业银行股份有限公司' };

let config: BuilderConfig;
beforeAll(async () => {
  const { getConfig } = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as { getConfig(dir: string, file: string, extra: null): Promise<BuilderConfig> };
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

describe('the release check (npm run dist)', () => {
  it('passes the repository configuration when the release job supplies certificate, publisher and release key', () => {
    expect(releaseProblems(config, complete, 'win')).toEqual([]);
    expect(releaseProblems(config, complete, 'linux')).toEqual([]);
  });

  it('fails an unsigned Windows release, one without a publisher name for update checks, and any release without the release key', () => {
    const win = releaseProblems(config, {}, 'win');
    expect(win).toEqual([
      expect.stringContaining('JINGWEI_RELEASE_KEY'),
      expect.stringContaining('CSC_LINK'),
      expect.stringContaining('JINGWEI_WIN_PUBLISHER'),
    ]);
    expect(releaseProblems(config, {}, 'linux')).toEqual([expect.stringContaining('JINGWEI_RELEASE_KEY')]);
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(releaseProblems(config, { ...complete, JINGWEI_RELEASE_KEY: rsa }, 'linux')).toEqual([expect.stringContaining('not Ed25519')]);
  });

  it('fails the configuration this project had before: file:// privileges, code outside the asar integrity, unforced signing', () => {
    const before: BuilderConfig = {
      ...config,
      electronFuses: { ...config.electronFuses, grantFileProtocolExtraPrivileges: true },
      asarUnpack: [...[config.asarUnpack ?? []].flat(), 'dist/main/electron/ocr-worker*'],
      win: { ...config.win, forceCodeSigning: undefined },
    };
    expect(releaseProblems(before, complete, 'win')).toEqual([
      expect.stringContaining('grantFileProtocolExtraPrivileges'),
      expect.stringContaining('dist/main/electron/ocr-worker*'),
      expect.stringContaining('forceCodeSigning'),
    ]);
    expect(releaseProblems({ ...config, publish: { url: 'http://updates.bank.local/' } }, complete, 'linux')).toEqual([expect.stringContaining('https://')]);
  });

  it('keeps third-party JavaScript inside the asar too: no smart unpacking of whole packages, no pattern that unpacks a script', () => {
    // What the configuration unpacks from the installed node_modules: binaries and data only.
    expect(unpackedScripts(config, root)).toEqual([]);
    // Before: whole packages (sharp's JavaScript, @img/colour, @tesseract.js-data's index.js) sat outside the
    // integrity check, and smart unpacking would have added every package that holds a .node file.
    const before: BuilderConfig = { ...config, asar: true, asarUnpack: ['**/node_modules/sharp/**', '**/node_modules/@img/**', '**/node_modules/@tesseract.js-data/**'] };
    const scripts = unpackedScripts(before, root);
    expect(scripts).toEqual(expect.arrayContaining(['node_modules/sharp/dist/index.cjs', 'node_modules/@img/colour/index.cjs', 'node_modules/@tesseract.js-data/chi_sim/index.js']));
    expect(releaseProblems(before, complete, 'linux', { root })).toEqual([
      expect.stringContaining('smartUnpack'),
      expect.stringContaining('**/node_modules/sharp/**'),
      expect.stringContaining('**/node_modules/@img/**'),
      expect.stringContaining('**/node_modules/@tesseract.js-data/**'),
    ]);
    expect(releaseProblems(config, complete, 'linux', { root })).toEqual([]);
  });

  it('signs every installer so that a device verifies it, and leaves the feed files alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jw-release-out-'));
    for (const f of ['jingwei-branch-0.2.0-linux-x86_64.AppImage', 'jingwei-branch-0.2.0-linux-amd64.deb', 'latest-linux.yml']) writeFileSync(join(out, f), `contents of ${f}`);
    expect(await signReleaseFiles(out, keys.privateKey)).toEqual(['jingwei-branch-0.2.0-linux-amd64.deb', 'jingwei-branch-0.2.0-linux-x86_64.AppImage']);
    expect(readdirSync(out).filter((f) => f.endsWith('.sig')).sort()).toEqual(['jingwei-branch-0.2.0-linux-amd64.deb.sig', 'jingwei-branch-0.2.0-linux-x86_64.AppImage.sig']);
    const appImage = join(out, 'jingwei-branch-0.2.0-linux-x86_64.AppImage');
    expect(await verifyUpdateFile(appImage, readFileSync(`${appImage}.sig`, 'utf8'), keys.publicKey)).toBe(true);
    writeFileSync(appImage, 'tampered on the update server');
    expect(await verifyUpdateFile(appImage, readFileSync(`${appImage}.sig`, 'utf8'), keys.publicKey)).toBe(false);
  });
});

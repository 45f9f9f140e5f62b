/**
 * The packaging step of `npm run dist` (after the renderer and Electron bundles are built):
 *
 *   1. refuses a release that devices could not trust (release-check.ts): unsigned Windows build, no
 *      publisher name for update checks, missing or wrong release-signing key, fuses or asarUnpack wrong;
 *   2. packages with electron-builder (the publisher name from JINGWEI_WIN_PUBLISHER);
 *   3. signs every installer in release/ with the Ed25519 release key: `<file>.sig` beside it, which the
 *      devices' updater checks before installing (trust/update-signature.ts) and IT checks by hand.
 *
 *   npx tsx build/release.ts [--win | --linux]      (default: this machine's platform)
 *
 * Needs the Electron binary, so it runs in the release job only, never on development or CI machines.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGNATURE_SUFFIX, sha512OfFile, updateStatement } from '../trust/update-signature';
import { releaseProblems, type BuilderConfig, type ReleasePlatform } from './release-check';

/** What devices download: installers and packages (not the feed's yml files or block maps). */
export const SIGNED_ARTIFACT = /\.(exe|AppImage|deb|rpm|zip|dmg)$/;

/** Writes `<file>.sig` for every installer in `dir`; returns the names signed. */
export async function signReleaseFiles(dir: string, key: KeyObject): Promise<string[]> {
  const signed: string[] = [];
  for (const name of readdirSync(dir).filter((f) => SIGNED_ARTIFACT.test(f)).sort()) {
    const statement = Buffer.from(updateStatement(name, await sha512OfFile(join(dir, name))));
    writeFileSync(join(dir, `${name}${SIGNATURE_SUFFIX}`), `${sign(null, new Uint8Array(statement), key).toString('base64')}\n`);
    signed.push(name);
  }
  return signed;
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const platform: ReleasePlatform = process.argv.includes('--win') ? 'win' : process.argv.includes('--linux') ? 'linux' : process.platform === 'win32' ? 'win' : 'linux';
  const require = createRequire(import.meta.url);
  const { getConfig } = require('app-builder-lib/out/util/config/config.js') as { getConfig(dir: string, file: string, extra: null): Promise<BuilderConfig & Record<string, unknown>> };
  const config = await getConfig(root, join(root, 'electron-builder.yml'), null);

  const problems = releaseProblems(config, process.env, platform, { root });
  if (problems.length) {
    console.error(`发布检查未通过 / release check failed (${platform}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  if (platform === 'win' && process.env.JINGWEI_WIN_PUBLISHER) {
    config.win = { ...config.win, signtoolOptions: { ...config.win?.signtoolOptions, publisherName: process.env.JINGWEI_WIN_PUBLISHER } };
  }
  const { build, Platform } = await import('electron-builder');
  await build({ config: config as never, publish: 'never', targets: (platform === 'win' ? Platform.WINDOWS : Platform.LINUX).createTarget() });

  const key = createPrivateKey(readFileSync(process.env.JINGWEI_RELEASE_KEY!, 'utf8'));
  const signed = await signReleaseFiles(join(root, 'release'), key);
  console.log(`signed ${signed.length} installer(s): ${signed.join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

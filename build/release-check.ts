/**
 * What a release must have before electron-builder may package it (build/release.ts runs this first, so
 * `npm run dist` fails instead of shipping an installer devices cannot trust). Pure: config and environment in,
 * problems out (each in Chinese and English).
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob, relative, sep } from 'node:path';

export type ReleasePlatform = 'win' | 'linux';

export interface BuilderConfig {
  asar?: boolean | { smartUnpack?: boolean } | null;
  asarUnpack?: string[] | string;
  electronFuses?: Record<string, boolean | undefined>;
  win?: { forceCodeSigning?: boolean; verifyUpdateCodeSignature?: boolean; signtoolOptions?: { publisherName?: string | string[] | null }; azureSignOptions?: object | null };
  publish?: { url?: string } | { url?: string }[] | null;
}

/** The fuses of the shipped binary and the value each must have. */
export const REQUIRED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  onlyLoadAppFromAsar: true,
  // Checked by Electron on Windows and macOS; on Linux the package signature (release.ts) stands in for it.
  enableEmbeddedAsarIntegrityValidation: true,
  // Our pages are app:// (main/electron/app-protocol.ts): file:// needs no extra privileges.
  grantFileProtocolExtraPrivileges: false,
};

/** Reads the release-signing key named by JINGWEI_RELEASE_KEY (PKCS#8 PEM); a problem if absent or not Ed25519. */
export function releaseKeyProblem(env: Readonly<Record<string, string | undefined>>, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): string | null {
  const file = env.JINGWEI_RELEASE_KEY;
  if (!file) return '未设置发布签名私钥 JINGWEI_RELEASE_KEY（Ed25519，PKCS#8 PEM 文件路径）：设备只安装验签通过的更新。JINGWEI_RELEASE_KEY (path of the Ed25519 release-signing key, PKCS#8 PEM) is not set: devices install only signed updates.';
  try {
    const key = createPrivateKey(read(file));
    if (key.asymmetricKeyType !== 'ed25519') return `发布签名私钥不是 Ed25519（${key.asymmetricKeyType}）。The release key is ${key.asymmetricKeyType}, not Ed25519.`;
  } catch (error) {
    return `无法读取发布签名私钥 ${file}：${(error as Error).message}。Cannot read the release key ${file}.`;
  }
  return null;
}

const SCRIPT = /\.[cm]?js$/;

/** Files under `dir`, relative to `base`, `/`-separated. */
function filesUnder(dir: string, base: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(base, join(e.parentPath, e.name)).split(sep).join('/'));
}

/**
 * The scripts in `root`'s node_modules that the configuration would leave outside app.asar (and so outside the
 * integrity check): those an `asarUnpack` pattern matches. Each pattern is tried on the package folders its
 * literal part names (the pattern of @img's binaries is tried on node_modules/@img).
 */
export function unpackedScripts(config: BuilderConfig, root: string): string[] {
  const found = new Set<string>();
  for (const pattern of [config.asarUnpack ?? []].flat()) {
    const rest = /^\*\*\/node_modules\/(.*)$/.exec(pattern)?.[1];
    if (rest === undefined) continue;
    const literal = rest.split('/').findIndex((segment) => /[*?{[]/.test(segment));
    const prefix = rest.split('/').slice(0, literal === -1 ? undefined : literal).join('/');
    for (const file of filesUnder(join(root, 'node_modules', prefix), root)) {
      if (SCRIPT.test(file) && matchesGlob(file, pattern)) found.add(file);
    }
  }
  return [...found].sort();
}

export interface ReleaseCheckOptions {
  read?: (file: string) => string;
  /** The checkout whose node_modules is packaged: `asarUnpack` patterns are tried on it. */
  root?: string;
}

export function releaseProblems(config: BuilderConfig, env: Readonly<Record<string, string | undefined>>, platform: ReleasePlatform, opts: ReleaseCheckOptions = {}): string[] {
  const problems: string[] = [];
  const fuses = config.electronFuses ?? {};
  for (const [fuse, wanted] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[fuse] !== wanted) problems.push(`熔丝 ${fuse} 应为 ${wanted}。Fuse ${fuse} must be ${wanted}.`);
  }
  // Smart unpacking would move every package holding a .node file out of the archive whole, scripts included.
  if (typeof config.asar !== 'object' || config.asar === null || config.asar.smartUnpack !== false) {
    problems.push('应用代码必须打包进 app.asar，且关闭整包自动解包（asar: {smartUnpack: false}）。The app must be packed into app.asar with smartUnpack: false.');
  }
  const unpacked = [config.asarUnpack ?? []].flat();
  const scripts = opts.root ? unpackedScripts(config, opts.root) : [];
  // Code unpacked would sit outside the integrity check; only native binaries and data may be.
  for (const pattern of unpacked.filter((p) => /^(\*\*\/)?dist\//.test(p) || SCRIPT.test(p) || scripts.some((f) => matchesGlob(f, p)))) {
    problems.push(`asarUnpack 不得包含程序代码：${pattern}。asarUnpack must not hold code: ${pattern}.`);
  }
  for (const target of [config.publish ?? []].flat()) {
    if (!target.url || !target.url.startsWith('https://')) problems.push(`更新源必须是 https:// 地址：${target.url ?? '(空)'}。The publish URL must be https://.`);
  }
  const keyProblem = releaseKeyProblem(env, opts.read);
  if (keyProblem) problems.push(keyProblem);
  if (platform === 'win') {
    const win = config.win ?? {};
    if (win.forceCodeSigning !== true) problems.push('win.forceCodeSigning 应为 true：未签名的 Windows 安装包不得生成。win.forceCodeSigning must be true.');
    if (win.verifyUpdateCodeSignature === false) problems.push('win.verifyUpdateCodeSignature 不得关闭。win.verifyUpdateCodeSignature must stay on.');
    if (!env.CSC_LINK && !env.WIN_CSC_LINK && !win.azureSignOptions) {
      problems.push('未提供 Windows 代码签名证书（CSC_LINK / WIN_CSC_LINK）。No Windows code-signing certificate (CSC_LINK / WIN_CSC_LINK).');
    }
    const publisher = [env.JINGWEI_WIN_PUBLISHER ?? win.signtoolOptions?.publisherName ?? []].flat().filter(Boolean);
    if (!publisher.length) {
      problems.push('未设置发布者名称 JINGWEI_WIN_PUBLISHER（与签名证书的 CN 完全一致）：否则已安装的程序不校验更新的签名者。JINGWEI_WIN_PUBLISHER (exactly the certificate\'s CN) is not set: installed apps would not check who signed an update.');
    }
  }
  return problems;
}

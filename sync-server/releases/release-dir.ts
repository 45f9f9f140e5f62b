import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { SIGNATURE_SUFFIX, verifyUpdateFile } from '../../trust/update-signature';
import { authenticodeProblem } from './pe-signature';

/** electron-builder's feed files, one per platform, and the installer kinds each platform's devices download. */
export const PLATFORM_FEEDS = { win: 'latest.yml', linux: 'latest-linux.yml' } as const;
export type ReleasePlatform = keyof typeof PLATFORM_FEEDS;

/** A version head office will serve: plain semver, also used in document ids and URLs. */
export const VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,6}(-[0-9A-Za-z.]{1,40})?$/;

const feedFile = z.looseObject({ url: z.string().min(1), sha512: z.string().min(1), size: z.number().int().min(0).optional() });
/** What electron-builder writes into latest*.yml (`files` lists every installer; path/sha512 repeat the first). */
export const feedYml = z.looseObject({
  version: z.string().regex(VERSION, '版本号须为 x.y.z version must be x.y.z'),
  files: z.array(feedFile).min(1).max(20),
  releaseDate: z.string().optional(),
});

export interface ReleaseFile {
  name: string;
  /** base64 SHA-512, as electron-builder writes it and electron-updater checks it. */
  sha512: string;
  size: number;
  /** The Ed25519 release signature (`<name>.sig`, base64) devices check before installing. */
  signature: string;
  path: string;
}

export interface ReleasePlatformBundle {
  platform: ReleasePlatform;
  releaseDate: string | null;
  files: ReleaseFile[];
  /** What was verified at publish time, in words IT reads on the screen and in the runbook. */
  checks: string[];
}

export interface ReleaseBundle {
  version: string;
  platforms: ReleasePlatformBundle[];
}

/** A release head office will not serve; `problems` are sentences naming the file and the rule (Chinese first). */
export class ReleaseRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`发布被拒绝 release refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const safeName = (name: string) => basename(name) === name && !name.startsWith('.') && /^[\w.+-]{1,200}$/.test(name);

/**
 * Reads electron-builder's output folder and checks, per platform found (latest.yml → Windows, latest-linux.yml →
 * Linux), everything a device will check and more: each listed installer is present, its size and SHA-512 match the
 * yml, its Ed25519 release signature (`<file>.sig`, build/release.ts) verifies against IT's release public key, and
 * a Windows installer carries an Authenticode signature block. Anything wrong refuses the whole release: an
 * unsigned or tampered build never reaches a feed.
 */
export async function readReleaseDir(dir: string, releaseKey: KeyObject): Promise<ReleaseBundle> {
  const problems: string[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReleaseRefused([`找不到发布目录 ${dir} (no such folder)`]);
  const present = new Set(readdirSync(dir));
  const platforms: ReleasePlatformBundle[] = [];
  let version: string | null = null;
  for (const [platform, ymlName] of Object.entries(PLATFORM_FEEDS) as [ReleasePlatform, string][]) {
    if (!present.has(ymlName)) continue;
    let yml;
    try {
      yml = feedYml.safeParse(load(readFileSync(join(dir, ymlName), 'utf8')));
    } catch (e) {
      problems.push(`${ymlName} 不是有效的 YAML (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    if (!yml.success) {
      problems.push(`${ymlName} 格式不正确：${yml.error.issues.map((i) => `${i.path.join('.') || '(文件)'} ${i.message}`).join('；')}`);
      continue;
    }
    if (version !== null && yml.data.version !== version) problems.push(`${ymlName} 的版本 ${yml.data.version} 与其他平台的 ${version} 不一致 (versions differ)`);
    version ??= yml.data.version;
    const files: ReleaseFile[] = [];
    const checks = new Set<string>();
    for (const entry of yml.data.files) {
      const name = entry.url;
      if (!safeName(name)) {
        problems.push(`${ymlName}：文件名 ${name} 不允许（只能是本目录中的文件） file names must be plain names in this folder`);
        continue;
      }
      if (!present.has(name)) {
        problems.push(`${ymlName} 列出的 ${name} 不在目录中 (listed but missing)`);
        continue;
      }
      const path = join(dir, name);
      const bytes = new Uint8Array(readFileSync(path));
      const sha512 = createHash('sha512').update(bytes).digest('base64');
      if (sha512 !== entry.sha512) problems.push(`${name} 的 SHA-512 与 ${ymlName} 不符：文件已被改动或不是这次构建的 (sha512 mismatch: tampered or from another build)`);
      if (entry.size !== undefined && entry.size !== bytes.length) problems.push(`${name} 的大小 ${bytes.length} 与 ${ymlName} 中的 ${entry.size} 不符 (size mismatch)`);
      checks.add('SHA-512 与 yml 一致 sha512 matches the yml');
      const sigName = `${name}${SIGNATURE_SUFFIX}`;
      const signature = present.has(sigName) ? readFileSync(join(dir, sigName), 'utf8').trim() : null;
      if (signature === null) problems.push(`${name} 没有发布签名 ${sigName}：未签名的版本不能发布 (unsigned build: no release signature)`);
      else if (!(await verifyUpdateFile(path, signature, releaseKey, name))) problems.push(`${name} 的发布签名 ${sigName} 校验不通过（不是用信息科技部的发布密钥签的，或文件被改动） (release signature does not verify)`);
      checks.add('Ed25519 发布签名（.sig）校验通过 Ed25519 release signature verified');
      if (platform === 'win' && name.toLowerCase().endsWith('.exe')) {
        const authenticode = authenticodeProblem(bytes);
        if (authenticode) problems.push(`${name}：${authenticode}`);
        checks.add('Windows 安装程序带 Authenticode 签名块（发布者由设备核对） Authenticode signature block present (publisher checked by the device)');
      }
      files.push({ name, sha512, size: bytes.length, signature: signature ?? '', path });
    }
    platforms.push({ platform, releaseDate: yml.data.releaseDate ?? null, files, checks: [...checks] });
  }
  if (platforms.length === 0 && problems.length === 0) problems.push(`目录中没有 latest.yml 或 latest-linux.yml：不是 electron-builder 的输出目录 (no latest*.yml: not an electron-builder output folder)`);
  if (problems.length > 0 || version === null) throw new ReleaseRefused(problems);
  return { version, platforms };
}

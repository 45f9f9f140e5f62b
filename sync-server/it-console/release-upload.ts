import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';

/** The files of one electron-builder output folder, as the IT console's 发布 form uploaded them. */
export interface UploadedRelease {
  /** A private temporary folder holding the files under their own names: what `readReleaseDir` reads. */
  dir: string;
  fields: Map<string, string>;
  files: string[];
  cleanup(): void;
}

export class UploadRefused extends Error {}

const MAX_FILES = 24;
const MAX_FILE_BYTES = 1024 ** 3;
/** A release file's own name, as readReleaseDir accepts them ("jingwei-branch-1.2.0.AppImage.sig"): no paths. */
const FILE_NAME = /^[\w+-][\w.+-]{0,199}$/;

/**
 * Streams a multipart upload to disk (installers are large: never held in memory), refusing path-like or repeated
 * names, more than 24 files and files over 1 GiB. The caller removes the folder with `cleanup()` whatever happens.
 */
export async function receiveRelease(req: http.IncomingMessage): Promise<UploadedRelease> {
  const dir = mkdtempSync(join(tmpdir(), 'jingwei-release-upload-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const fields = new Map<string, string>();
  const files: string[] = [];
  const writes: Promise<void>[] = [];
  let problem: string | null = null;
  try {
    const parser = busboy({ headers: req.headers, limits: { files: MAX_FILES, fileSize: MAX_FILE_BYTES, fields: 8, fieldSize: 256 } });
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (_field, stream, info) => {
      const name = info.filename;
      if (!name) return void stream.resume(); // an empty file input sends a part without a file name
      if (!FILE_NAME.test(name) || files.includes(name)) {
        problem ??= `文件名不合规或重复 bad or repeated file name: ${name.slice(0, 80)}`;
        return void stream.resume();
      }
      files.push(name);
      stream.on('limit', () => (problem ??= `文件超过 1 GiB file over 1 GiB: ${name}`));
      const out = createWriteStream(join(dir, name), { mode: 0o600 });
      writes.push(finished(stream.pipe(out)));
    });
    parser.on('filesLimit', () => (problem ??= `文件多于 ${MAX_FILES} 个 more than ${MAX_FILES} files`));
    req.pipe(parser);
    await finished(parser);
    await Promise.all(writes);
  } catch (e) {
    cleanup();
    throw new UploadRefused(`上传不完整 incomplete upload: ${(e as Error).message}`);
  }
  if (problem) {
    cleanup();
    throw new UploadRefused(problem);
  }
  return { dir, fields, files, cleanup };
}

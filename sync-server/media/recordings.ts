import { createHash } from 'node:crypto';
import {
  closeSync, createReadStream, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';

// Session recordings kept at head office as loan evidence. Uploads are resumable: the branch asks how much arrived
// (`size`), sends the rest from there (`append` at that offset), and `finish` compares the whole file's SHA-256 with
// the digest the desk computed while recording. A cut line costs only the unsent part; a corrupted or different file
// is refused, never kept as evidence.

export type RecordingRefusal = 'offsetMismatch' | 'digestMismatch' | 'tooLarge' | 'alreadyFinished' | 'badName';

const TEXT: Record<RecordingRefusal, string> = {
  offsetMismatch: '续传位置不对，请先查询已收到的字节数 (upload offset does not match what arrived)',
  digestMismatch: '录像校验值不符，文件已损坏或被替换 (recording digest does not match)',
  tooLarge: '录像超过大小上限 (recording too large)',
  alreadyFinished: '该录像已上传完成 (recording already complete)',
  badName: '录像名称无效 (invalid recording name)',
};

export class RecordingRefused extends Error {
  constructor(readonly reason: RecordingRefusal, readonly size = 0) {
    super(TEXT[reason]);
  }
}

const NAME = /^[A-Za-z0-9:_-]{1,120}$/;

export interface Recordings {
  /** Bytes received so far, and whether the upload was finished (digest checked). */
  status(name: string): { size: number; complete: boolean; digest: string | null; durationMs?: number };
  append(name: string, offset: number, bytes: Uint8Array): { size: number };
  /** `durationMs`: the length the desk measured (a MediaRecorder WebM does not state it). */
  finish(name: string, digest: string, durationMs?: number): Promise<{ size: number; digest: string }>;
  path(name: string): string | null;
}

export function openRecordings(dir: string, maxBytes = 2 * 1024 ** 3): Recordings {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string, part: boolean) => {
    if (!NAME.test(name)) throw new RecordingRefused('badName');
    return join(dir, `${name.replaceAll(':', '_')}.webm${part ? '.part' : ''}`);
  };
  const digestFile = (name: string) => `${file(name, false)}.sha256`;
  const durationFile = (name: string) => `${file(name, false)}.ms`;
  const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

  function sha256(path: string): Promise<string> {
    return new Promise((done, fail) => {
      const hash = createHash('sha256');
      createReadStream(path).on('data', (c) => hash.update(new Uint8Array(c as Buffer))).on('error', fail).on('end', () => done(`sha256:${hash.digest('hex')}`));
    });
  }

  return {
    status(name) {
      const complete = existsSync(file(name, false));
      if (complete) {
        const digest = existsSync(digestFile(name)) ? readFileSync(digestFile(name), 'utf8').trim() : null;
        const durationMs = existsSync(durationFile(name)) ? Number(readFileSync(durationFile(name), 'utf8')) : undefined;
        return { size: sizeOf(file(name, false)), complete, digest, ...(durationMs ? { durationMs } : {}) };
      }
      return { size: sizeOf(file(name, true)), complete: false, digest: null };
    },
    append(name, offset, bytes) {
      if (existsSync(file(name, false))) throw new RecordingRefused('alreadyFinished');
      const part = file(name, true);
      const fd = openSync(part, 'a', 0o600);
      try {
        const size = fstatSync(fd).size;
        if (offset !== size) throw new RecordingRefused('offsetMismatch', size);
        if (size + bytes.length > maxBytes) throw new RecordingRefused('tooLarge', size);
        writeSync(fd, bytes);
        return { size: size + bytes.length };
      } finally {
        closeSync(fd);
      }
    },
    async finish(name, digest, durationMs) {
      if (existsSync(file(name, false))) throw new RecordingRefused('alreadyFinished');
      const part = file(name, true);
      const actual = await sha256(part);
      if (actual !== digest) throw new RecordingRefused('digestMismatch', sizeOf(part));
      writeFileSync(digestFile(name), actual, { mode: 0o600 });
      if (durationMs) writeFileSync(durationFile(name), String(durationMs), { mode: 0o600 });
      renameSync(part, file(name, false));
      return { size: sizeOf(file(name, false)), digest: actual };
    },
    path(name) {
      const done = file(name, false);
      return existsSync(done) ? done : null;
    },
  };
}


import { homedir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
// Only the record comparison: the field extraction (and its region table) is loaded by the worker, not here.
import { comparePerson, compareCompany, type CompanyRecord, type PersonRecord, type RecordDifference } from '../../../domain/ocr/compare-record';
import type { IdCardResult, LicenceResult } from '../../../domain/ocr/types';
import { OcrError } from './errors';
import { ensurePrivateDir } from '../secrets/private-files';
import { decodePixels } from './decode-pixels';
import type { EngineName } from './engine';
import type { PaddleThreads } from './paddle-engine';
import type { OcrStage, SideImage, WorkerRequest, WorkerResponse } from './protocol';

export type { OcrStage } from './protocol';
export { OcrError, type OcrErrorCode } from './errors';

export interface RecognizeOptions<R> {
  /** The customer file being opened or served; differences are listed in the result. */
  record?: R;
  onProgress?: (stage: OcrStage, progress: number) => void;
}

export type IdCardRecognition = IdCardResult & { differences: RecordDifference[] };
export type LicenceRecognition = LicenceResult & { differences: RecordDifference[] };

export interface OcrService {
  recognizeIdCard(front: Buffer, back?: Buffer, opts?: RecognizeOptions<PersonRecord>): Promise<IdCardRecognition>;
  recognizeLicence(image: Buffer, opts?: RecognizeOptions<CompanyRecord>): Promise<LicenceRecognition>;
  /** Resolves once the models are loaded; recognition waits for this by itself, so calling it is optional. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface OcrServiceOptions {
  /** The clock that decides whether a card has expired. */
  now?: () => Date;
  /**
   * Where the engine keeps its unpacked models and the links to the language files: made 0700, never a shared
   * temp folder (another account could plant a model there). The core passes `<dataDir>/ocr-cache`; the
   * `jingwei ocr` command and benchmarks default to the user's own cache folder.
   */
  cacheDir?: string;
  /** PP-OCR unless a benchmark asks for the first engine to compare with. */
  engine?: EngineName;
  /**
   * A one-shot command reading one document: PP-OCR runs wholly on the OCR worker's thread. The app's worker
   * (the default) gives the recogniser a thread of its own, which reads one picture's lines while the next is
   * searched but costs a second thread's start-up (its own Node and module loading) — paid once in the app, at
   * every card by `jingwei ocr`. (Reading on the command's own main thread over a MessagePort instead was tried:
   * no faster at load 4–8, 0–9 % more CPU.)
   */
  oneShot?: boolean;
}

export const userOcrCacheDir = () => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'jingwei-ocr');

/** The file checked and decoded here, on the caller's thread, while the worker may still be loading its models. */
const side = async (bytes: Buffer): Promise<SideImage> => ({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), pixels: await decodePixels(bytes) });

type Pending = { resolve: (r: Extract<WorkerResponse, { type: 'done' }>) => void; reject: (e: Error) => void; onProgress?: RecognizeOptions<unknown>['onProgress'] };

/**
 * The OCR engine of the branch core: one worker thread that owns the recognisers (PP-OCR, and tesseract.js for
 * second opinions) and stays warm between requests, so recognition never runs on the thread that serves the UI. Input is checked here first (format, size) so a
 * wrong file fails at once with a coded error.
 */
export function createOcrService(options: OcrServiceOptions = {}): OcrService {
  const now = options.now ?? (() => new Date());
  const cacheDir = options.cacheDir ?? userOcrCacheDir();
  ensurePrivateDir(cacheDir);
  const engine = options.engine ?? 'pp-ocr';
  const threads: PaddleThreads = options.oneShot ? 'one' : 'two';
  const worker = new Worker(new URL('./ocr-worker-entry.mjs', import.meta.url), { workerData: { cacheDir, engine, threads } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const readyPromise = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  readyPromise.catch(() => undefined);

  worker.on('message', (m: WorkerResponse) => {
    if (m.type === 'ready') return readyResolve();
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') p.onProgress?.(m.stage, m.progress);
    else {
      pending.delete(m.id);
      if (m.type === 'done') p.resolve(m);
      else p.reject(new OcrError(m.code, m.detail));
    }
  });
  const failAll = (e: Error): void => {
    readyReject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', (e) => failAll(new OcrError('engine-failed', e.message)));
  worker.on('exit', () => failAll(new OcrError('closed')));

  function send(req: WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never, onProgress?: Pending['onProgress']): Promise<Extract<WorkerResponse, { type: 'done' }>> {
    if (closed) return Promise.reject(new OcrError('closed'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  return {
    async recognizeIdCard(front, back, opts = {}) {
      opts.onProgress?.('preparing', 0.05);
      const [f, b] = await Promise.all([side(front), back ? side(back) : undefined]);
      const done = await send({ type: 'id-card', engine, front: f, back: b, todayIso: now().toISOString() }, opts.onProgress);
      const result = done.result as IdCardResult;
      return { ...result, differences: opts.record ? comparePerson(result.fields, opts.record) : [] };
    },
    async recognizeLicence(image, opts = {}) {
      opts.onProgress?.('preparing', 0.05);
      const done = await send({ type: 'licence', engine, image: await side(image) }, opts.onProgress);
      const result = done.result as LicenceResult;
      return { ...result, differences: opts.record ? compareCompany(result.fields, opts.record) : [] };
    },
    ready: () => readyPromise,
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  };
}

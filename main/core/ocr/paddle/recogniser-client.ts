import { Worker } from 'node:worker_threads';
import { OcrError } from '../errors';
import type { CtcChar } from './ctc';
import type { RgbImage } from './line-image';
import { loadRecogniser } from './models';
import { type ReadMode, recogniseLines } from './recognise';
import type { RecogniserRequest, RecogniserResponse } from './recogniser-protocol';

export interface Recogniser {
  /** Resolves once the recognition network is loaded. */
  ready(): Promise<void>;
  /** Reads straightened lines (REC_HEIGHT rows each), in order; the pictures' pixels are handed over, not copied. */
  recognise(lines: RgbImage[], minWidth: number, mode: ReadMode): Promise<CtcChar[][]>;
  close(): Promise<void>;
}

/**
 * The recognition network on a thread of its own, started at once so that it loads while the detector loads on
 * the OCR worker's thread, and reads one picture's lines while the detector looks at the next: on a two-core
 * branch PC both cores work on a card.
 */
export function startRecogniser(cacheDir?: string): Recogniser {
  const worker = new Worker(new URL('./recogniser-worker-entry.mjs', import.meta.url), { workerData: { cacheDir } });
  const pending = new Map<number, { resolve: (c: CtcChar[][]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const loaded = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  loaded.catch(() => undefined);
  const failAll = (e: Error): void => {
    settle.reject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: RecogniserResponse) => {
    if (m.type === 'ready') return settle.resolve();
    if (m.type === 'load-failed') return failAll(new OcrError('engine-failed', m.error));
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.type === 'done') p.resolve(m.chars);
    else p.reject(new OcrError('engine-failed', m.error));
  });
  worker.on('error', (e) => failAll(new OcrError('engine-failed', e.message)));
  worker.on('exit', () => failAll(new OcrError('closed')));
  return {
    ready: () => loaded,
    recognise(lines, minWidth, mode) {
      if (lines.length === 0) return Promise.resolve([]);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, lines, minWidth, mode } satisfies RecogniserRequest, lines.map((l) => l.data.buffer as ArrayBuffer));
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * The recognition network on the calling thread: for a one-shot `jingwei ocr`, where starting a second thread
 * (its own Node start-up and module loading) costs more than reading in parallel saves; and the app's OCR worker
 * holds one beside the recogniser thread's (see sharedRecogniser).
 */
export function localRecogniser(threads: number, cacheDir?: string): Recogniser {
  const model = loadRecogniser(cacheDir, threads);
  model.catch(() => undefined);
  return {
    ready: async () => void (await model),
    recognise: async (lines, minWidth, mode) => recogniseLines(await model, lines, minWidth, mode),
    async close() {
      await (await model.catch(() => undefined))?.rec.release();
    },
  };
}

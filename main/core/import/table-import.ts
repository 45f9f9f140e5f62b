import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportAnswer, ImportRequest } from './import-worker';
import type { ImportKind, ImportParams, ImportResult } from './importers';
import { refusal, TableReadError } from './table-reader';
import { isThreadAnnouncement, watchWorker, type Overrun, type ThreadAnnouncement, type WorkerLimits } from './worker-watchdog';

export type ImportRunOptions = Partial<WorkerLimits>;

/**
 * The readers keep far less than this (table-reader.ts); the heap limit is a backstop, not the protection: a
 * worker that reaches it may take the process with it.
 */
const WORKER_HEAP_MB = 256;
/**
 * The largest list allowed (100,000 rows) takes a few seconds of one core; a minute of processor time is only
 * reached by a file built to keep the reader busy. The wall cap is for a thread the machine never lets run.
 */
const DEFAULT_LIMITS: WorkerLimits = { cpuMs: 60_000, wallMs: 15 * 60_000 };
/** Imports running at once; more wait their turn (the host has two cores and a UI to serve). */
const MAX_CONCURRENT = 2;

let running = 0;
const queue: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((r) => queue.push(r));
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

const overrunError = (o: Overrun): TableReadError =>
  o.limit === 'cpu' ? refusal('import.cpuLimit', { seconds: Math.round(o.ms / 1000) }) : refusal('import.wallLimit', { minutes: Math.round(o.ms / 60_000) });

/** Beside this module from source; in the compiled CLI this module sits in dist/cli/chunks/ and the entry one up. */
function workerEntry(): URL {
  const beside = new URL('./import-worker-entry.mjs', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../import-worker-entry.mjs', import.meta.url);
}

/**
 * Imports a user's file in a worker thread of its own, so the thread that serves every teller's screen never
 * parses it: the file is handed over (not copied), read as a stream within the importer's row and size limits,
 * under a memory cap and a processor-time limit (worker-watchdog.ts), and only the importer's summary comes back.
 * Anything wrong with the file is a {@link TableReadError} whose Chinese message says what to do.
 */
export async function importTable<K extends ImportKind>(kind: K, bytes: Uint8Array, params: ImportParams<K>, opts: ImportRunOptions = {}): Promise<ImportResult<K>> {
  const limits = { ...DEFAULT_LIMITS, ...opts };
  const release = await turn();
  try {
    return await new Promise<ImportResult<K>>((resolve, reject) => {
      const worker = new Worker(workerEntry(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        stopWatching();
        void worker.terminate();
        fn();
      };
      const stopWatching = watchWorker(worker, limits, (o) => settle(() => reject(overrunError(o))));
      worker.on('message', (answer: ImportAnswer | ThreadAnnouncement) => {
        if (isThreadAnnouncement(answer)) return;
        settle(() => (answer.ok ? resolve(answer.result as ImportResult<K>) : reject(new TableReadError(answer.messageZh, answer.messageEn))));
      });
      worker.once('error', (err: Error & { code?: string }) =>
        settle(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? refusal('import.outOfMemory')
              : refusal('import.unreadable', { reason: err.message }),
          ),
        ),
      );
      worker.once('exit', () => settle(() => reject(refusal('import.workerEnded'))));
      // Handed over without copying when the bytes own their memory (a decoded upload does); else a copy, since a
      // small Buffer may be a slice of Node's shared pool.
      const buffer = bytes.buffer;
      const owned = buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
      const own = owned ? new Uint8Array(buffer) : new Uint8Array(bytes);
      worker.postMessage({ kind, bytes: own, params } satisfies ImportRequest, [own.buffer as ArrayBuffer]);
    });
  } finally {
    release();
  }
}

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
 * A list's rows, cells and households live until the answer is sent: with V8's default young generation (16 MB
 * semi-spaces) most of them are copied by several scavenges and then promoted, a third of a 20,000-household read
 * spent collecting. 96 MB scavenges half as often (a tenth less processor time per list, measured); an idle worker gives it back.
 */
const WORKER_YOUNG_MB = 96;
/**
 * The largest list allowed (100,000 rows) takes a few seconds of one core; a minute of processor time is only
 * reached by a file built to keep the reader busy. The wall cap is for a thread the machine never lets run.
 */
const DEFAULT_LIMITS: WorkerLimits = { cpuMs: 60_000, wallMs: 15 * 60_000 };
/** Imports running at once; more wait their turn (the host has two cores and a UI to serve). */
const MAX_CONCURRENT = 2;
/**
 * A worker that answered is kept this long for the next file: starting one (loading the readers' code) costs a
 * few hundred ms of processor time, paid otherwise at every preview and again at the import that follows it.
 */
const KEEP_IDLE_MS = 10 * 60_000;

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

interface KeptWorker {
  worker: Worker;
  /** The thread it announced (worker-watchdog.ts), to charge the next job only its own processor time. */
  tid: number | undefined;
  timer: NodeJS.Timeout;
}
const kept: KeptWorker[] = [];

function keep(worker: Worker, tid: number | undefined): void {
  if (kept.length >= MAX_CONCURRENT) return void worker.terminate();
  const entry: KeptWorker = { worker, tid, timer: setTimeout(() => drop(entry), KEEP_IDLE_MS).unref() };
  // An idle worker neither keeps the process alive nor outlives a crash of its own.
  worker.unref();
  worker.once('exit', () => drop(entry)).once('error', () => drop(entry));
  kept.push(entry);
}

function drop(entry: KeptWorker): void {
  const i = kept.indexOf(entry);
  if (i < 0) return;
  kept.splice(i, 1);
  clearTimeout(entry.timer);
  void entry.worker.terminate();
}

function takeWorker(): { worker: Worker; tid: number | undefined } {
  const entry = kept.pop();
  if (!entry) return { worker: new Worker(workerEntry(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }), tid: undefined };
  clearTimeout(entry.timer);
  entry.worker.removeAllListeners('exit').removeAllListeners('error');
  entry.worker.ref();
  return entry;
}

const overrunError = (o: Overrun): TableReadError =>
  o.limit === 'cpu' ? refusal('import.cpuLimit', { seconds: Math.round(o.ms / 1000) }) : refusal('import.wallLimit', { minutes: Math.round(o.ms / 60_000) });

/** Beside this module from source; in the compiled CLI this module sits in dist/cli/chunks/ and the entry one up. */
function workerEntry(): URL {
  const beside = new URL('./import-worker-entry.mjs', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../import-worker-entry.mjs', import.meta.url);
}

/**
 * Imports a user's file in a worker thread, so the thread that serves every teller's screen never parses it: the
 * file is handed over (not copied), read as a stream within the importer's row and size limits, under a memory
 * cap and a processor-time limit (worker-watchdog.ts), and only the importer's summary comes back. The worker is
 * kept a while for the next file (a preview, then its import).
 * Anything wrong with the file is a {@link TableReadError} whose Chinese message says what to do.
 */
export async function importTable<K extends ImportKind>(kind: K, bytes: Uint8Array, params: ImportParams<K>, opts: ImportRunOptions = {}): Promise<ImportResult<K>> {
  const limits = { ...DEFAULT_LIMITS, ...opts };
  const release = await turn();
  try {
    return await new Promise<ImportResult<K>>((resolve, reject) => {
      const { worker, tid: knownTid } = takeWorker();
      let tid = knownTid;
      let settled = false;
      const settle = (fn: () => void, reusable = false) => {
        if (settled) return;
        settled = true;
        stopWatching();
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        // Kept only after a full answer: a worker that failed, overran or ended is not trusted with another file.
        if (reusable) keep(worker, tid);
        else void worker.terminate();
        fn();
      };
      const onMessage = (answer: ImportAnswer | ThreadAnnouncement) => {
        if (isThreadAnnouncement(answer)) return void (tid = answer.tid);
        settle(() => (answer.ok ? resolve(answer.result as ImportResult<K>) : reject(new TableReadError(answer.messageZh, answer.messageEn))), true);
      };
      const onError = (err: Error & { code?: string }) =>
        settle(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? refusal('import.outOfMemory')
              : refusal('import.unreadable', { reason: err.message }),
          ),
        );
      const onExit = () => settle(() => reject(refusal('import.workerEnded')));
      const stopWatching = watchWorker(worker, limits, (o) => settle(() => reject(overrunError(o))), knownTid);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
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

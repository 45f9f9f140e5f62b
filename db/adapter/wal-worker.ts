import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from './thread-priority';

/** What `PRAGMA wal_checkpoint` answers: frames in the WAL and frames copied into the database file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

interface Job {
  file: string;
  /** Pragmas that unlock the file (cipher and key), as the store's own connection ran them. */
  unlock: readonly string[];
}

// A plain script (no TypeScript loader, no bundler entry to keep in step): the driver is required by the path this
// module resolved, so the thread loads the very build the store's own connection uses.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Driver = require(workerData.driver);
// Below the thread serving requests (thread-priority.ts; a nice value is per thread on Linux only).
if (process.platform === 'linux') try { require('node:os').setPriority(0, workerData.nice); } catch {}
parentPort.on('message', ({ id, file, unlock }) => {
  let db;
  try {
    db = new Driver(file, { fileMustExist: true });
    for (const p of unlock) db.pragma(p);
    // NORMAL: the WAL is fsynced before its frames are copied and the database file after.
    db.pragma('synchronous = NORMAL');
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // Frames a reader kept from being copied are durable all the same.
    try {
      const fd = fs.openSync(file + '-wal', 'r');
      try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    } catch (e) { if (e.code !== 'ENOENT') throw e; }
    parentPort.postMessage({ id, result });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  } finally {
    if (db) db.close();
  }
});
`;

let worker: Worker | null = null;
let broken: Error | null = null;
let nextId = 0;
const pending = new Map<number, { resolve(r: CheckpointResult): void; reject(e: Error): void }>();

function failAll(err: Error): void {
  broken = err;
  worker = null;
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function thread(): Worker {
  if (broken) throw broken;
  if (worker) return worker;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  const w = new Worker(SOURCE, { eval: true, workerData: { driver, nice: BACKGROUND_NICE } });
  w.on('message', (m: { id: number; result?: CheckpointResult; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result!);
    if (!pending.size) w.unref();
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => failAll(new Error(`the WAL checkpoint thread exited (${code})`)));
  w.unref();
  worker = w;
  return w;
}

/**
 * Copies a WAL's committed frames into its database file and fsyncs both — SQLite's PASSIVE checkpoint — on a
 * thread of its own, with a connection of its own opened for the job. The store's connection (on the thread that
 * serves head office's requests or the counter's screens) then never stops for a checkpoint's copying and fsyncs,
 * which SQLite's automatic checkpoint does inside whichever commit crosses the threshold.
 * Rejects if the thread cannot run it; the caller falls back to checkpointing on its own connection.
 */
export function checkpointOffThread(job: Job): Promise<CheckpointResult> {
  return new Promise((resolve, reject) => {
    let w: Worker;
    try {
      w = thread();
    } catch (e) {
      return reject(e as Error);
    }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    // Referenced while a job runs, so a process that is closing its stores still finishes it.
    w.ref();
    w.postMessage({ id, file: job.file, unlock: job.unlock });
  });
}

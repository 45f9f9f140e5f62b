import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FeedKind, LineProblem } from '../../domain/post-loan/feed-formats';
import type { AppliedFeed } from './feed-ledger';

/** What head office IT's screen asks of the worker: the same importFeed as `jingwei feed import`, on a file on disk. */
export interface FeedImportRequest {
  dataDir: string;
  kind: FeedKind;
  date: string;
  file: string;
  preview: boolean;
}

export interface FeedRefused {
  messageZh: string;
  problems: LineProblem[];
  problemCount: number;
}

export type FeedImportAnswer =
  | { progress: { read: number; total: number } }
  | { done: AppliedFeed }
  | { refused: FeedRefused }
  | { failed: string };

export type FeedImportResult = Exclude<FeedImportAnswer, { progress: unknown }>;

/** Beside this module from source; in the compiled CLI this module sits in dist/cli/chunks/ and the entry one up. */
function workerEntry(): URL {
  const beside = new URL('./feed-import-worker-entry.mjs', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../feed-import-worker-entry.mjs', import.meta.url);
}

/**
 * Runs importFeed (or its preview) on a worker thread: a million-line file keeps one core busy for seconds, during
 * which the server that started it goes on answering — the progress page among others.
 */
export function importFeedInWorker(req: FeedImportRequest, onProgress: (read: number, total: number) => void): Promise<FeedImportResult> {
  return new Promise((resolve) => {
    const worker = new Worker(workerEntry());
    let settled = false;
    const settle = (result: FeedImportResult) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (answer: FeedImportAnswer) => {
      if ('progress' in answer) onProgress(answer.progress.read, answer.progress.total);
      else settle(answer);
    });
    worker.once('error', (err) => settle({ failed: err.message }));
    worker.once('exit', () => settle({ failed: 'worker ended without an answer' }));
    worker.postMessage(req);
  });
}

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runImporter, type TableImporter } from './importer';
import { IMPORTERS, type ImportKind } from './importers';
import { refusal, TableReadError } from './table-reader';
import { ownThreadId } from './thread-cpu';
import type { ThreadAnnouncement } from './worker-watchdog';

/** Request and answer between table-import.ts and this worker. */
export interface ImportRequest {
  kind: ImportKind;
  bytes: Uint8Array;
  params: unknown;
}
export type ImportAnswer = { ok: true; result: unknown } | { ok: false; messageZh: string; messageEn?: string };

/**
 * On a two-core branch PC the import must yield to the thread serving the screens, not just run beside it: on
 * Linux a thread is a task with its own niceness, found through /proc/thread-self. (Elsewhere it runs at normal
 * priority; the worker still keeps the parsing off the serving thread.)
 */
function lowerPriority(tid: number): void {
  try {
    setPriority(tid, 10);
  } catch {
    // Not permitted: normal priority.
  }
}

const tid = ownThreadId();
if (tid !== undefined) {
  lowerPriority(tid);
  // The watchdog counts this thread's own processor time, not the whole process's.
  parentPort?.postMessage({ tid } satisfies ThreadAnnouncement);
}

// One file at a time (table-import.ts waits for the answer before it hands over the next); the thread is kept
// for the next file, and the last one's bytes and rows are garbage once its answer is posted.
parentPort?.on('message', (req: ImportRequest) => {
  const importer = IMPORTERS[req.kind] as TableImporter<unknown, unknown, unknown, unknown>;
  runImporter(importer, req.bytes, req.params).then(
    (result) => parentPort?.postMessage({ ok: true, result } satisfies ImportAnswer),
    (err: unknown) => {
      const refused = err instanceof TableReadError ? err : refusal('import.unreadable', { reason: err instanceof Error ? err.message : String(err) });
      parentPort?.postMessage({ ok: false, messageZh: refused.messageZh, ...(refused.messageEn ? { messageEn: refused.messageEn } : {}) } satisfies ImportAnswer);
    },
  );
});

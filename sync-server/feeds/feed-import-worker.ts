import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { FeedRefusal, importFeed, openLedger } from './feed-ledger';
import type { FeedImportAnswer, FeedImportRequest } from './feed-import-thread';

// One file per worker: the thread ends with the import, and with it every byte the file cost.
parentPort?.once('message', (req: FeedImportRequest) => {
  const post = (answer: FeedImportAnswer) => parentPort!.postMessage(answer);
  let db: ReturnType<typeof openLedger> | null = null;
  try {
    const bytes = new Uint8Array(readFileSync(req.file));
    db = openLedger(req.dataDir);
    let shown = 0;
    const done = importFeed(db, {
      kind: req.kind, date: req.date, bytes, now: () => new Date(), preview: req.preview,
      progress(read, total) {
        // A few hundred messages for the biggest file, not one per 64 KiB piece.
        if (read - shown < total / 200 && read < total) return;
        shown = read;
        post({ progress: { read, total } });
      },
    });
    post({ done });
  } catch (err) {
    post(err instanceof FeedRefusal
      ? { refused: { messageZh: err.messageZh, problems: err.problems, problemCount: err.problemCount } }
      : { failed: (err as Error).message });
  } finally {
    db?.close();
  }
});

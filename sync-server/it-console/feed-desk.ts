import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';
import { isIsoDate } from '../../domain/credit/dates';
import { FEED_KINDS, type FeedKind } from '../../domain/post-loan/feed-formats';
import { importFeedInWorker, type FeedRefused } from '../feeds/feed-import-thread';
import type { Database } from '../../db/sqlite';
import { lastAppliedFiles, openLedger, type AppliedFeed } from '../feeds/feed-ledger';

/** A core-banking file as big as the biggest day the bench imports (1,000,000 repayment lines ≈ 70 MB), with room. */
export const MAX_FEED_BYTES = 512 * 1024 ** 2;
/** An uploaded file waits this long for its import to be confirmed, then it is removed. */
const KEEP_MS = 60 * 60_000;
/** Uploads kept waiting on disk at once (up to 512 MB each). */
const MAX_WAITING = 8;
/** A small file's answer is waited for before the page is shown: no progress page flashes by for it. */
const WAIT_MS = 1500;

export type FeedJobState = 'checking' | 'previewed' | 'applying' | 'applied' | 'refused' | 'failed';

/** One uploaded file: its preview (importFeed rolled back), then — once confirmed — its import. */
export interface FeedJob {
  id: string;
  viewer: string;
  kind: FeedKind;
  date: string;
  fileName: string;
  bytes: number;
  state: FeedJobState;
  /** While a worker reads it: bytes read of the file. */
  progress: { read: number; total: number };
  /** The preview's answer: lines that would be applied, digest, encoding. */
  preview: AppliedFeed | null;
  applied: AppliedFeed | null;
  /** The ledger's refusal (line problems, repeat, order), from the preview or the import. */
  refused: FeedRefused | null;
  failed: string | null;
  createdAt: number;
}

/** An upload or a confirmation the desk will not take; `key` is the message shown on the screen. */
export class FeedDeskRefused extends Error {
  constructor(readonly key: string, readonly params: Record<string, string | number> = {}) {
    super(key);
  }
}

export interface FeedDesk {
  /** Head office's feed ledger folder (the --data of `jingwei feed`). */
  dataDir: string;
  /** Receives the 导入 form (kind, date, file) and starts its preview. */
  receive(req: http.IncomingMessage, viewer: string): Promise<FeedJob>;
  job(id: string, viewer: string): FeedJob | undefined;
  /** Applies a previewed file: the same importFeed, in one transaction, as `jingwei feed import`. */
  apply(id: string, viewer: string): Promise<FeedJob>;
  lastApplied(): ReturnType<typeof lastAppliedFiles>;
  /** The ledger's handle, shared with the risk centre's assignments (one connection per process). */
  ledger: Database;
  close(): void;
}

interface Upload {
  dir: string;
  file: string;
  fileName: string;
  fields: Map<string, string>;
}

/** Streams the form's one file to a private temporary folder (never held whole in memory on the way in). */
async function receiveFeedFile(req: http.IncomingMessage): Promise<Upload> {
  const dir = mkdtempSync(join(tmpdir(), 'jingwei-feed-upload-'));
  const file = join(dir, 'feed.csv');
  const fields = new Map<string, string>();
  let fileName = '';
  let problem: FeedDeskRefused | null = null;
  const writes: Promise<void>[] = [];
  try {
    const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_FEED_BYTES, fields: 4, fieldSize: 64 } });
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (_field, stream, info) => {
      if (!info.filename) return void stream.resume(); // an empty file input sends a part without a name
      fileName = info.filename.slice(0, 120);
      stream.on('limit', () => (problem ??= new FeedDeskRefused('it.feed.tooBig', { mb: MAX_FEED_BYTES / 1024 ** 2 })));
      writes.push(finished(stream.pipe(createWriteStream(file, { mode: 0o600 }))));
    });
    parser.on('filesLimit', () => (problem ??= new FeedDeskRefused('it.feed.oneFile')));
    req.pipe(parser);
    await finished(parser);
    await Promise.all(writes);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new FeedDeskRefused('it.feed.incomplete', { reason: (e as Error).message });
  }
  if (!problem && !fileName) problem = new FeedDeskRefused('it.feed.noFile');
  if (problem) {
    rmSync(dir, { recursive: true, force: true });
    throw problem;
  }
  return { dir, file, fileName, fields };
}

/**
 * Head office IT's feed imports (信息科技运维台 → 导入核心系统文件): upload → preview → confirm → applied. Both the
 * preview and the import run importFeed on a worker thread, one file at a time (the ledger takes one writer), so
 * the page can show how far a big file has got; the preview is the import rolled back, so it names every line an
 * import would refuse, and a file or date already applied.
 */
export function openFeedDesk(o: { dataDir: string; now?: () => number }): FeedDesk {
  const now = o.now ?? Date.now;
  const ledger = openLedger(o.dataDir);
  const jobs = new Map<string, FeedJob & { dir: string; file: string }>();
  let queue: Promise<void> = Promise.resolve();

  const drop = (job: { dir: string }) => rmSync(job.dir, { recursive: true, force: true });
  const sweep = () => {
    for (const [id, job] of jobs) {
      if (now() - job.createdAt < KEEP_MS || job.state === 'checking' || job.state === 'applying') continue;
      drop(job);
      jobs.delete(id);
    }
  };
  /** Queues the worker's run; resolves when it has answered or after WAIT_MS, whichever is first. */
  const run = (job: FeedJob & { dir: string; file: string }, preview: boolean): Promise<void> => {
    job.progress = { read: 0, total: job.bytes };
    queue = queue.then(async () => {
      const result = await importFeedInWorker(
        { dataDir: o.dataDir, kind: job.kind, date: job.date, file: job.file, preview },
        (read, total) => (job.progress = { read, total }),
      );
      job.progress = { read: job.bytes, total: job.bytes };
      if ('done' in result) {
        if (preview) {
          job.preview = result.done;
          job.state = 'previewed';
          return;
        }
        job.applied = result.done;
        job.state = 'applied';
      } else if ('refused' in result) {
        job.refused = result.refused;
        job.state = 'refused';
      } else {
        job.failed = result.failed;
        job.state = 'failed';
      }
      // Applied or refused: the file has nothing more to do here.
      drop(job);
    }).catch((e: unknown) => {
      job.failed = (e as Error).message;
      job.state = 'failed';
    });
    return Promise.race([queue, new Promise<void>((r) => setTimeout(r, WAIT_MS).unref())]);
  };

  return {
    dataDir: o.dataDir,
    async receive(req, viewer) {
      sweep();
      if ([...jobs.values()].filter((j) => j.state === 'checking' || j.state === 'previewed' || j.state === 'applying').length >= MAX_WAITING) {
        req.resume();
        throw new FeedDeskRefused('it.feed.tooMany', { n: MAX_WAITING });
      }
      const upload = await receiveFeedFile(req);
      const kind = upload.fields.get('kind') as FeedKind;
      const date = upload.fields.get('date') ?? '';
      const refuse = (key: string) => {
        rmSync(upload.dir, { recursive: true, force: true });
        throw new FeedDeskRefused(key);
      };
      if (!FEED_KINDS.includes(kind)) refuse('it.feed.badKind');
      if (!isIsoDate(date)) refuse('it.feed.badDate');
      const job = {
        id: randomBytes(16).toString('hex'), viewer, kind, date, fileName: upload.fileName, bytes: statSync(upload.file).size,
        state: 'checking' as FeedJobState, progress: { read: 0, total: 0 }, preview: null, applied: null, refused: null, failed: null,
        createdAt: now(), dir: upload.dir, file: upload.file,
      };
      jobs.set(job.id, job);
      await run(job, true);
      return job;
    },
    job: (id, viewer) => {
      const job = jobs.get(id);
      return job && job.viewer === viewer ? job : undefined;
    },
    async apply(id, viewer) {
      const job = jobs.get(id);
      if (!job || job.viewer !== viewer) throw new FeedDeskRefused('it.feed.gone');
      if (job.state === 'applying' || job.state === 'applied') throw new FeedDeskRefused('it.feed.alreadyApplied');
      if (job.state !== 'previewed') throw new FeedDeskRefused('it.feed.notPreviewed');
      job.state = 'applying';
      await run(job, false);
      return job;
    },
    lastApplied: () => lastAppliedFiles(ledger),
    ledger,
    close() {
      for (const job of jobs.values()) drop(job);
      jobs.clear();
      ledger.close();
    },
  };
}

import type { CtcChar } from './ctc';
import type { RgbImage } from './line-image';
import type { ReadMode } from './recognise';
import type { Recogniser } from './recogniser-client';

interface Job { line: RgbImage; minWidth: number; mode: ReadMode; done: (chars: CtcChar[]) => void; fail: (e: Error) => void }

/** Lines sent to the recogniser thread at a time, and at most this many times over not yet answered. */
const CHUNK = 2;
const AHEAD = 3 * CHUNK;

/**
 * Two copies of the recognition network sharing the lines: `thread` (the recogniser's own thread) takes them from
 * the front of the queue a few at a time, `here` (a copy on the calling thread) one at a time from the back,
 * whenever the calling thread is free. A licence is one picture: once its lines are found the detector's thread
 * has nothing left to do, and both cores now read its lines instead of one. Each line is read whole by one copy
 * with the same network and settings, so the readings are those of either copy alone. The thread is always kept a
 * few lines ahead, so it never waits while the calling thread is busy (a detector pass blocks it for ~0.1 s).
 */
export function sharedRecogniser(thread: Recogniser, here: Recogniser): Recogniser {
  const queue: Job[] = [];
  let threadLines = 0;
  let hereBusy = false;

  function sendToThread(jobs: Job[]): void {
    threadLines += jobs.length;
    const { minWidth, mode } = jobs[0]!;
    thread.recognise(jobs.map((j) => j.line), minWidth, mode).then(
      (chars) => jobs.forEach((j, i) => j.done(chars[i]!)),
      (e: Error) => jobs.forEach((j) => j.fail(e)),
    ).finally(() => {
      threadLines -= jobs.length;
      pump();
    });
  }

  function pump(): void {
    while (queue.length > 0 && threadLines < AHEAD) {
      // One request holds lines read the same way.
      const first = queue[0]!;
      let n = 1;
      while (n < CHUNK && n < queue.length && queue[n]!.minWidth === first.minWidth && queue[n]!.mode === first.mode) n++;
      sendToThread(queue.splice(0, n));
    }
    if (hereBusy || queue.length === 0) return;
    const job = queue.pop()!;
    hereBusy = true;
    here.recognise([job.line], job.minWidth, job.mode).then(
      ([chars]) => job.done(chars!),
      (e: Error) => job.fail(e),
    ).finally(() => {
      hereBusy = false;
      pump();
    });
  }

  return {
    ready: async () => void (await Promise.all([thread.ready(), here.ready()])),
    recognise(lines, minWidth, mode) {
      if (lines.length === 0) return Promise.resolve([]);
      return new Promise<CtcChar[][]>((resolve, reject) => {
        const out = new Array<CtcChar[]>(lines.length);
        let left = lines.length;
        let failed = false;
        lines.forEach((line, i) =>
          queue.push({
            line,
            minWidth,
            mode,
            done: (chars) => {
              out[i] = chars;
              if (--left === 0 && !failed) resolve(out);
            },
            fail: (e) => {
              if (!failed) reject(e);
              failed = true;
            },
          }),
        );
        pump();
      });
    },
    async close() {
      await Promise.all([thread.close(), here.close()]);
    },
  };
}

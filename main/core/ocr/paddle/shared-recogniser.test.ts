import { describe, expect, it } from 'vitest';
import type { CtcChar } from './ctc';
import type { RgbImage } from './line-image';
import type { Recogniser } from './recogniser-client';
import { sharedRecogniser } from './shared-recogniser';

/** A line whose single pixel carries its number, so a reading can say which line it was. */
const line = (n: number): RgbImage => ({ data: Uint8Array.of(n, 0, 0), width: 1, height: 1 });

/** A reader answering each line with its number and the reader's name; `gate` holds answers until released. */
function fakeReader(name: string, opts: { failOn?: number } = {}) {
  const seen: number[] = [];
  const waiting: Array<() => void> = [];
  const reader: Recogniser = {
    ready: async () => undefined,
    recognise: (lines) =>
      new Promise<CtcChar[][]>((resolve, reject) => {
        waiting.push(() => {
          const ns = lines.map((l) => l.data[0]!);
          seen.push(...ns);
          if (ns.includes(opts.failOn ?? -1)) reject(new Error(`${name} failed`));
          else resolve(ns.map((n) => [{ ch: `${n}:${name}`, prob: 1, at: 0 }]));
        });
      }),
    close: async () => undefined,
  };
  /** Answers every request made so far, then those they lead to, until none is left. */
  const drain = async (): Promise<void> => {
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { reader, seen, drain, waiting };
}

describe('sharedRecogniser', () => {
  it('answers every line in order, the thread taking lines from the front and the local copy from the back', async () => {
    const thread = fakeReader('thread');
    const here = fakeReader('here');
    const shared = sharedRecogniser(thread.reader, here.reader);
    const lines = Array.from({ length: 20 }, (_, i) => line(i));
    const read = shared.recognise(lines, 32, 'plain');
    // Both copies have work at once: the thread a few lines ahead, the local copy the last line.
    expect(thread.waiting.length).toBeGreaterThan(0);
    expect(here.waiting.length).toBe(1);
    while (thread.waiting.length + here.waiting.length > 0) {
      await thread.drain();
      await here.drain();
    }
    const out = await read;
    expect(out.map((cs) => Number(cs[0]!.ch.split(':')[0]))).toEqual(lines.map((_, i) => i));
    expect(thread.seen[0]).toBe(0);
    expect(here.seen[0]).toBe(19);
    expect(thread.seen.length + here.seen.length).toBe(20);
    expect(new Set([...thread.seen, ...here.seen]).size).toBe(20);
  });

  it('keeps two pictures apart when their lines are queued together', async () => {
    const thread = fakeReader('thread');
    const here = fakeReader('here');
    const shared = sharedRecogniser(thread.reader, here.reader);
    const a = shared.recognise([line(1), line(2), line(3)], 32, 'plain');
    const b = shared.recognise([line(7), line(8)], 32, 'sharpened');
    while (thread.waiting.length + here.waiting.length > 0) {
      await here.drain();
      await thread.drain();
    }
    expect((await a).map((cs) => cs[0]!.ch.split(':')[0])).toEqual(['1', '2', '3']);
    expect((await b).map((cs) => cs[0]!.ch.split(':')[0])).toEqual(['7', '8']);
  });

  it('fails a picture whose line could not be read, and still reads the next', async () => {
    const thread = fakeReader('thread', { failOn: 0 });
    const here = fakeReader('here');
    const shared = sharedRecogniser(thread.reader, here.reader);
    const bad = shared.recognise([line(0), line(1), line(2)], 32, 'plain');
    const failed = expect(bad).rejects.toThrow('thread failed');
    while (thread.waiting.length + here.waiting.length > 0) {
      await thread.drain();
      await here.drain();
    }
    await failed;
    const good = shared.recognise([line(5)], 32, 'plain');
    while (thread.waiting.length + here.waiting.length > 0) {
      await thread.drain();
      await here.drain();
    }
    expect((await good)[0]![0]!.ch.startsWith('5:')).toBe(true);
  });

  it('answers no lines at once', async () => {
    const shared = sharedRecogniser(fakeReader('thread').reader, fakeReader('here').reader);
    expect(await shared.recognise([], 32, 'plain')).toEqual([]);
  });
});

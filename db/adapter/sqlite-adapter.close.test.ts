import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { createPouch } from '../pouchdb';

// The checkpoint thread's job is held open by the test: it stands for a thread busy with other stores at high load.
const job = vi.hoisted(() => {
  let finish = (): void => undefined;
  let started = false;
  return {
    get started() {
      return started;
    },
    run: () => {
      started = true;
      return new Promise<{ busy: number; log: number; checkpointed: number }>((resolve) => (finish = () => resolve({ busy: 0, log: 0, checkpointed: 0 })));
    },
    finish: () => finish(),
  };
});
vi.mock('./wal-worker', () => ({ checkpointOffThread: job.run }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-close-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('closing waits for a checkpoint under way on its own thread: until it ends, its connection holds the file', async () => {
  const d = createPouch(path.join(dir, 'reference.sqlite'));
  await d.info();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    await d.put({ _id: 'a' });
    vi.advanceTimersByTime(1000);
  } finally {
    vi.useRealTimers();
  }
  expect(job.started).toBe(true);
  let closed = false;
  const closing = d.close().then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 50));
  expect(closed).toBe(false);
  job.finish();
  await closing;
  expect(closed).toBe(true);
});

import { parentPort, workerData } from 'node:worker_threads';
import { loadRecogniser } from './models';
import { recogniseLines } from './recognise';
import type { RecogniserRequest, RecogniserResponse } from './recogniser-protocol';

// The recogniser thread: loads the recognition network as soon as it starts, then reads batches of straightened
// lines in order while the OCR worker finds the lines of the next picture.
const post = (m: RecogniserResponse): void => parentPort!.postMessage(m);
const model = loadRecogniser((workerData as { cacheDir?: string } | null)?.cacheDir);
model.then(
  () => post({ type: 'ready' }),
  (e: unknown) => post({ type: 'load-failed', error: String((e as Error)?.message ?? e) }),
);

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: RecogniserRequest) => {
  queue = queue.then(async () => {
    try {
      post({ type: 'done', id: req.id, chars: await recogniseLines(await model, req.lines, req.minWidth, req.mode) });
    } catch (e) {
      post({ type: 'failed', id: req.id, error: String((e as Error)?.message ?? e) });
    }
  });
});

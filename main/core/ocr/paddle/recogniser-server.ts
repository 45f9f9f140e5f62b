import { loadRecogniser } from './models';
import { recogniseLines } from './recognise';
import type { RecogniserRequest, RecogniserResponse } from './recogniser-protocol';

/** The side of a recogniser's message channel: a worker's parentPort or one end of a MessageChannel. */
export interface RecogniserPort {
  postMessage(value: RecogniserResponse): void;
  on(event: 'message', listener: (req: RecogniserRequest) => void): unknown;
}

/**
 * Loads the recognition network at once and reads batches of straightened lines sent over `port`, one batch after
 * the other, in order. The recogniser thread runs this; so does a one-shot `jingwei ocr` on its own main thread,
 * which has nothing else to do while the OCR worker looks for lines. Resolves with a function that releases the
 * network.
 */
export function serveRecogniser(port: RecogniserPort, cacheDir: string | undefined, threads: number): () => Promise<void> {
  const post = (m: RecogniserResponse): void => port.postMessage(m);
  const model = loadRecogniser(cacheDir, threads);
  model.then(
    () => post({ type: 'ready' }),
    (e: unknown) => post({ type: 'load-failed', error: String((e as Error)?.message ?? e) }),
  );
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (req: RecogniserRequest) => {
    queue = queue.then(async () => {
      try {
        post({ type: 'done', id: req.id, chars: await recogniseLines(await model, req.lines, req.minWidth, req.mode) });
      } catch (e) {
        post({ type: 'failed', id: req.id, error: String((e as Error)?.message ?? e) });
      }
    });
  });
  return async () => {
    await queue;
    await (await model.catch(() => undefined))?.rec.release();
  };
}

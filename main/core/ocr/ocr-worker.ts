import { parentPort, workerData } from 'node:worker_threads';
import type { EngineName, OcrEngine } from './engine';
import { OcrError } from './errors';
import { createPaddleEngine, type PaddleThreads } from './paddle-engine';
import type { OcrStage, WorkerRequest, WorkerResponse } from './protocol';

const post = (m: WorkerResponse): void => parentPort!.postMessage(m);
const options = workerData as { engine: EngineName; cacheDir: string; threads: PaddleThreads };

// The first engine (tesseract.js, with sharp for its scan preparation) is loaded only when a benchmark asks for it.
const engines = new Map<EngineName, Promise<OcrEngine>>();
function engine(name: EngineName): Promise<OcrEngine> {
  let e = engines.get(name);
  if (!e) {
    e = name === 'pp-ocr' ? Promise.resolve(createPaddleEngine(options.cacheDir, options.threads)) : import('./tesseract-engine').then((m) => m.createTesseractEngine(options.cacheDir));
    engines.set(name, e);
  }
  return e;
}

async function handle(req: WorkerRequest): Promise<void> {
  const progress = (stage: OcrStage, p: number): void => post({ id: req.id, type: 'progress', stage, progress: p });
  progress('loading-engine', 0);
  const e = await engine(req.engine);
  const result = req.type === 'id-card' ? await e.readIdCard(req.front, req.back, new Date(req.todayIso), progress) : await e.readLicence(req.image, progress);
  post({ id: req.id, type: 'done', result });
}

// One request at a time: each engine is single-threaded JavaScript around native code, and queueing keeps memory flat.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: WorkerRequest) => {
  queue = queue.then(() =>
    handle(req).catch((e: unknown) => {
      if (e instanceof OcrError) post({ id: req.id, type: 'error', code: e.code, detail: e.detail });
      else post({ id: req.id, type: 'error', code: 'engine-failed', detail: String((e as Error)?.message ?? e) });
    }),
  );
});

// Warm up as soon as the thread starts so the first card does not pay for loading the models.
engine(options.engine).then((e) => e.warm()).then(
  () => post({ id: -1, type: 'ready' }),
  () => undefined,
);

import { existsSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import { buildIdCardResult, buildLicenceResult, looksLikeIdFront, looksLikeLicence } from '../../../domain/ocr';
import { idFrontRereadRegions, idNumberRereadRegion, mergeRereads, type RereadRegion } from '../../../domain/ocr/reread';
import type { OcrLine, OcrPage } from '../../../domain/ocr/types';
import { OcrError } from './errors';
import { ensurePrivateDir } from '../secrets/private-files';
import { prepareImage, type PreparedImage } from './prepare-image';
import type { OcrStage, WorkerRequest, WorkerResponse } from './protocol';
import { pageFromTesseract } from './tesseract-pages';

const require = createRequire(import.meta.url);

/** Private to this account (0700), given by ocr-service.ts: nobody else can plant a model or a cache entry. */
const { cacheDir } = workerData as { cacheDir: string };

/**
 * tesseract.js reads every language from one `langPath`, but each @tesseract.js-data package keeps its file in
 * its own folder. A private folder of links to the installed files gives it one path and keeps it off the network.
 * The LSTM-only "best_int" models are used: they are what OEM.LSTM_ONLY runs, and a tenth of the size to load.
 */
function languageFolder(): string {
  const dir = join(cacheDir, 'lang-4.0.0_best_int');
  ensurePrivateDir(dir);
  for (const lang of ['chi_sim', 'eng']) {
    const target = join(dir, `${lang}.traineddata.gz`);
    const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    if (!existsSync(target)) symlinkSync(join(pkgDir, '4.0.0_best_int', `${lang}.traineddata.gz`), target);
  }
  return dir;
}

let engine: Promise<TesseractWorker> | undefined;

function getEngine(): Promise<TesseractWorker> {
  engine ??= (async () => {
    const cachePath = join(cacheDir, 'cache');
    ensurePrivateDir(cachePath);
    return createWorker('chi_sim+eng', OEM.LSTM_ONLY, { langPath: languageFolder(), cachePath, gzip: true });
  })();
  return engine;
}

const post = (m: WorkerResponse): void => parentPort!.postMessage(m);

async function recognise(worker: TesseractWorker, img: PreparedImage): Promise<OcrPage> {
  const { data } = await worker.recognize(img.png, {}, { blocks: true, text: false });
  return pageFromTesseract(data, img.width, img.height, img.croppedToDocument);
}

/**
 * The row crops are enlarged by this much: in trials on generated cards, reading at 1.3× disagreed with the
 * whole-page reading more usefully than at 1× (mostly the same errors) or 1.6× (new errors).
 */
const REREAD_SCALE = 1.3;

/** White margin round a row crop: tesseract reads a line badly when its ink touches the picture's edge. */
const MARGIN = 20;

/**
 * Reads the name and address rows again, each cut out, enlarged and read as a single text line (see
 * idFrontRereadRegions); mergeRereads keeps, row by row, the reading whose weakest character is surer.
 */
async function rereadRows(worker: TesseractWorker, img: PreparedImage, page: OcrPage): Promise<OcrPage> {
  const regions = idFrontRereadRegions(page);
  if (regions.length === 0) return page;
  return mergeRereads(page, await readRegions(worker, img, regions));
}

/**
 * An ID number that fails its checks is read again from its row alone, with only digits and X allowed; the new
 * reading is kept only if the number then passes.
 */
async function rereadIdNumber(worker: TesseractWorker, img: PreparedImage, page: OcrPage, today: Date): Promise<OcrPage> {
  if (!page.croppedToCard || !buildIdCardResult(page, undefined, today, 0).fields.idNumber.uncertain) return page;
  const region = idNumberRereadRegion(page);
  if (!region) return page;
  await worker.setParameters({ tessedit_char_whitelist: '0123456789X' });
  let reads: Awaited<ReturnType<typeof readRegions>>;
  try {
    reads = await readRegions(worker, img, [region]);
  } finally {
    await worker.setParameters({ tessedit_char_whitelist: '' });
  }
  const merged = mergeRereads(page, reads, 'always');
  return buildIdCardResult(merged, undefined, today, 0).fields.idNumber.uncertain ? page : merged;
}

async function readRegions(worker: TesseractWorker, img: PreparedImage, regions: readonly RereadRegion[]): Promise<Array<{ region: RereadRegion; line: OcrLine | undefined }>> {
  const reads: Array<{ region: RereadRegion; line: OcrLine | undefined }> = [];
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  try {
    for (const region of regions) {
      const { x0, y0, x1, y1 } = region.box;
      const crop = await sharp(img.png)
        .extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 })
        .resize({ width: Math.round((x1 - x0) * REREAD_SCALE) })
        .extend({ top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, background: '#ffffff' })
        .png({ compressionLevel: 1 })
        .toBuffer();
      const { data } = await worker.recognize(crop, {}, { blocks: true, text: false });
      const lines = pageFromTesseract(data, 1, 1).lines;
      // Back from the enlarged crop to page pixels.
      const k = 1 / REREAD_SCALE;
      const shift = (b: OcrLine['bbox']): OcrLine['bbox'] => ({ x0: x0 + (b.x0 - MARGIN) * k, y0: y0 + (b.y0 - MARGIN) * k, x1: x0 + (b.x1 - MARGIN) * k, y1: y0 + (b.y1 - MARGIN) * k });
      const line = lines.length === 0 ? undefined : {
        text: lines.map((l) => l.text).join(' '),
        confidence: Math.min(...lines.map((l) => l.confidence)),
        bbox: shift({ x0: Math.min(...lines.map((l) => l.bbox.x0)), y0: Math.min(...lines.map((l) => l.bbox.y0)), x1: Math.max(...lines.map((l) => l.bbox.x1)), y1: Math.max(...lines.map((l) => l.bbox.y1)) }),
        words: lines.flatMap((l) => l.words.map((w) => ({ ...w, bbox: shift(w.bbox) }))),
      };
      reads.push({ region, line });
    }
  } finally {
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
  }
  return reads;
}

async function handle(req: WorkerRequest): Promise<void> {
  const progress = (stage: OcrStage, p: number): void => post({ id: req.id, type: 'progress', stage, progress: p });
  const started = performance.now();
  progress('loading-engine', 0);
  const worker = await getEngine();
  progress('preparing', 0.1);
  if (req.type === 'id-card') {
    const [front, back] = await Promise.all([
      prepareImage(Buffer.from(req.front), 'id-front'),
      req.back ? prepareImage(Buffer.from(req.back), 'id-back') : Promise.resolve(undefined),
    ]);
    const prepMs = performance.now() - started;
    progress('recognising-front', 0.3);
    let frontPage = await recognise(worker, front);
    if (!looksLikeIdFront(frontPage)) throw new OcrError('not-id-card');
    frontPage = await rereadRows(worker, front, frontPage);
    frontPage = await rereadIdNumber(worker, front, frontPage, new Date(req.todayIso));
    progress('recognising-back', 0.65);
    const backPage = back ? await recognise(worker, back) : undefined;
    progress('extracting', 0.95);
    const recogniseMs = performance.now() - started - prepMs;
    const result = buildIdCardResult(frontPage, backPage, new Date(req.todayIso), Math.round(performance.now() - started));
    post({ id: req.id, type: 'done', result, prepMs, recogniseMs });
  } else {
    const img = await prepareImage(Buffer.from(req.image), 'licence');
    const prepMs = performance.now() - started;
    progress('recognising', 0.3);
    const page = await recognise(worker, img);
    if (!looksLikeLicence(page)) throw new OcrError('not-licence');
    const recogniseMs = performance.now() - started - prepMs;
    post({ id: req.id, type: 'done', result: buildLicenceResult(page, Math.round(performance.now() - started)), prepMs, recogniseMs });
  }
}

// One request at a time: the tesseract worker is single-threaded, and queueing here keeps memory flat.
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
getEngine().then(
  () => post({ id: -1, type: 'ready' }),
  () => undefined,
);

import type { Worker as TesseractWorker } from 'tesseract.js';
import { buildIdCardResult, buildLicenceResult, looksLikeIdFront, looksLikeLicence } from '../../../domain/ocr';
import { idFrontRereadRegions, idNumberRereadRegion, mergeRereads, type RereadRegion } from '../../../domain/ocr/reread';
import type { OcrLine, OcrPage } from '../../../domain/ocr/types';
import type { OcrEngine } from './engine';
import { OcrError } from './errors';
import { prepareImage, type PreparedImage } from './prepare-image';
import { pageFromTesseract } from './tesseract-pages';
import { startTesseract } from './tesseract-setup';

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
  // Imported here, as in prepareImage: the OCR worker loads this engine only when a benchmark asks for it.
  const [{ default: sharp }, { PSM }] = await Promise.all([import('sharp'), import('tesseract.js')]);
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

/**
 * The recogniser the project shipped first: tesseract.js (chi_sim + eng) on a prepared scan (straightened,
 * cropped to the card, greyscale), name and address rows read twice, a failing ID number read again as digits.
 * PP-OCR replaced it (it reads photos, which the scan preparation ruins); it stays for the side-by-side benchmark.
 */
export function createTesseractEngine(cacheDir: string): OcrEngine {
  let engine: Promise<TesseractWorker> | undefined;
  const getEngine = (): Promise<TesseractWorker> => (engine ??= startTesseract(cacheDir, 'chi_sim+eng'));
  return {
    warm: async () => void (await getEngine()),
    async readIdCard(frontImage, backImage, today, progress) {
      const started = performance.now();
      const worker = await getEngine();
      progress('preparing', 0.1);
      const [front, back] = await Promise.all([prepareImage(Buffer.from(frontImage.bytes), 'id-front'), backImage ? prepareImage(Buffer.from(backImage.bytes), 'id-back') : Promise.resolve(undefined)]);
      progress('recognising-front', 0.3);
      let frontPage = await recognise(worker, front);
      if (!looksLikeIdFront(frontPage, today)) throw new OcrError('not-id-card');
      frontPage = await rereadRows(worker, front, frontPage);
      frontPage = await rereadIdNumber(worker, front, frontPage, today);
      progress('recognising-back', 0.65);
      const backPage = back ? await recognise(worker, back) : undefined;
      progress('extracting', 0.95);
      return buildIdCardResult(frontPage, backPage, today, Math.round(performance.now() - started));
    },
    async readLicence(image, progress) {
      const started = performance.now();
      const worker = await getEngine();
      progress('preparing', 0.1);
      const img = await prepareImage(Buffer.from(image.bytes), 'licence');
      progress('recognising', 0.3);
      const page = await recognise(worker, img);
      if (!looksLikeLicence(page)) throw new OcrError('not-licence');
      return buildLicenceResult(page, Math.round(performance.now() - started));
    },
    async close() {
      const w = engine;
      engine = undefined;
      if (w) await (await w).terminate();
    },
  };
}

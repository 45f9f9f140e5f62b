import type { Worker as TesseractWorker } from 'tesseract.js';
import { pageFromTesseract } from './tesseract-pages';
import { startTesseract } from './tesseract-setup';

/** One line read by tesseract with its characters restricted, e.g. to digits: the second opinion on a number. */
export interface RestrictedReading { text: string; confidence: number; charConfidences: number[] }

/**
 * tesseract.js's English model reading single lines restricted to a character set, loaded on first use. A
 * different recogniser from PP-OCR, with different failure modes, so it can settle a number PP-OCR misread.
 */
export function createLineReader(cacheDir: string): { read(png: Buffer, whitelist: string): Promise<RestrictedReading>; close(): Promise<void> } {
  let engine: Promise<TesseractWorker> | undefined;
  return {
    async read(png, whitelist) {
      const worker = await (engine ??= startTesseract(cacheDir, 'eng', 'line'));
      await worker.setParameters({ tessedit_char_whitelist: whitelist });
      const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
      const words = pageFromTesseract(data, 1, 1).lines.flatMap((l) => l.words);
      const chars = words.flatMap((w) => [...w.text].map((_, i) => w.charConfidences?.[i] ?? w.confidence));
      return { text: words.map((w) => w.text).join(''), confidence: chars.length ? Math.min(...chars) : 0, charConfidences: chars };
    },
    async close() {
      const w = engine;
      engine = undefined;
      if (w) await (await w).terminate();
    },
  };
}

import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads every language from one `langPath`, but each @tesseract.js-data package keeps its file in
 * its own folder. A temp folder of links to the installed files gives it one path and keeps it off the network.
 * The LSTM-only "best_int" models are used: they are what OEM.LSTM_ONLY runs, and a tenth of the size to load.
 */
function languageFolder(): string {
  const dir = join(tmpdir(), 'jingwei-ocr', 'lang-4.0.0_best_int');
  mkdirSync(dir, { recursive: true });
  for (const lang of ['chi_sim', 'eng']) {
    const target = join(dir, `${lang}.traineddata.gz`);
    const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    if (!existsSync(target)) symlinkSync(join(pkgDir, '4.0.0_best_int', `${lang}.traineddata.gz`), target);
  }
  return dir;
}

/**
 * A tesseract.js worker for `langs` (e.g. 'chi_sim+eng'), language data from the installed packages only.
 * tesseract.js is imported here, on first use: the OCR worker that never needs it never loads it.
 */
export async function startTesseract(langs: string, layout: 'block' | 'line' = 'block'): Promise<TesseractWorker> {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const cachePath = join(tmpdir(), 'jingwei-ocr', 'cache');
  mkdirSync(cachePath, { recursive: true });
  const worker = await createWorker(langs, OEM.LSTM_ONLY, { langPath: languageFolder(), cachePath, gzip: true });
  if (layout === 'line') await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  return worker;
}

import { readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { ensurePrivateDir } from '../secrets/private-files';
import { onDisk } from './on-disk';

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads every language from one `langPath`, but each @tesseract.js-data package keeps its file in
 * its own folder. A private folder of links to the installed files gives it one path and keeps it off the network.
 * The LSTM-only "best_int" models are used: they are what OEM.LSTM_ONLY runs, and a tenth of the size to load.
 */
function languageFolder(cacheDir: string): string {
  const dir = join(cacheDir, 'lang-4.0.0_best_int');
  ensurePrivateDir(dir);
  for (const lang of ['chi_sim', 'eng']) {
    const target = join(dir, `${lang}.traineddata.gz`);
    const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    // An OS-level link cannot point into app.asar: it points at the unpacked copy (asarUnpack) in the packaged app.
    linkTo(onDisk(join(pkgDir, '4.0.0_best_int', `${lang}.traineddata.gz`)), target);
  }
  return dir;
}

/**
 * `link` made to point at `file`, unless it already does. A link left by an install that has since moved or gone
 * (an update into a new folder, a removed checkout) points at nothing: tesseract then failed to start and took the
 * whole reading with it, every time. The new link is made beside it and renamed over it, so that two processes
 * starting at once both end with a good link instead of one failing on the other's.
 */
export function linkTo(file: string, link: string): void {
  if (currentTarget(link) === file) return;
  const fresh = `${link}.${process.pid}.tmp`;
  rmSync(fresh, { force: true });
  symlinkSync(file, fresh);
  renameSync(fresh, link);
}

const currentTarget = (link: string): string | undefined => {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
};

/**
 * A tesseract.js worker for `langs` (e.g. 'chi_sim+eng'), language data from the installed packages only.
 * tesseract.js is imported here, on first use: the OCR worker that never needs it never loads it. `cacheDir` is
 * private to this account (0700, given by ocr-service.ts): nobody else can plant a model or a cache entry there.
 */
export async function startTesseract(cacheDir: string, langs: string, layout: 'block' | 'line' = 'block'): Promise<TesseractWorker> {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const cachePath = join(cacheDir, 'cache');
  ensurePrivateDir(cachePath);
  // The first language loads the others as its sub-languages, named here: chi_sim's own data asks for
  // chi_sim_vert (not installed), and tesseract 5's WebAssembly build garbles that name when a second language
  // follows ("Error opening data file ./玂玂.traineddata"). Same languages, same readings, no failed load.
  const [main, ...rest] = langs.split('+');
  const worker = await createWorker(main!, OEM.LSTM_ONLY, { langPath: languageFolder(cacheDir), cachePath, gzip: true }, rest.length ? `tessedit_load_sublangs ${rest.join('+')}` : undefined);
  if (layout === 'line') await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  return worker;
}

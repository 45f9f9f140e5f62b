// The evaluation set of bench/ocr.bench.ts: ID cards and licences the OCR pipeline was never tuned on (own people,
// artwork, fonts and capture; see people.ts, cards.ts, camera.ts). Same seed, same documents on every machine.
//   npx tsx bench/ocr-eval/eval-set.ts --out DIR [--count 10] [--seed 90000] [--capture scan|photo|hard-photo]…
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mulberry32 } from '../../domain/random';
import { capture, type Capture as CaptureA } from './camera';
import { captureB, type CaptureB } from './camera-b';
import { FONTS_B, idBack, idFront, licence, REQUIRED_FONTS } from './cards';
import { FONTS_C } from './cards-c';
import { closeRenderer } from './chromium-c';
import { evalCompany, evalPerson, type EvalCompany, type EvalPerson } from './people';
import type { CaptureC } from './camera-c';
import { cardC, licenceCaptureC, variantC } from './variant-c';

/**
 * scan, photo, hard-photo: the first variant; scan-b, photo-b: the second (other fonts, captures and people);
 * scan-c, photo-c, phone-c: the third, written without reading the pipeline (variant-c.ts).
 */
export type Capture = CaptureA | CaptureB | CaptureC;
const variantB = (how: Capture): how is CaptureB => how.endsWith('-b');
/** Closes variant C's Chromium (a run that drew no -c document has none open). */
export const closeEvalRenderer = closeRenderer;
/** The second variant draws other people and companies from the same seeds. */
const B_SEEDS = 500_000;
export interface EvalCard { seed: number; capture: Capture; truth: EvalPerson; front: Buffer; back: Buffer }
export interface EvalLicence { seed: number; capture: Capture; truth: EvalCompany; image: Buffer }

/** Refuses to run without the evaluation fonts: fontconfig would quietly substitute the development fonts. */
export function assertEvalFonts(): void {
  const have = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  const missing = [...REQUIRED_FONTS, ...FONTS_C].filter((f) => !have.includes(f));
  if (missing.length) throw new Error(`evaluation fonts missing: ${missing.join(', ')} (scripts/setup.sh installs them: fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-liberation fonts-dejavu-core fonts-droid-fallback fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-ocr-b)`);
}

export async function evalCard(seed: number, how: Capture, today: Date): Promise<EvalCard> {
  if (variantC(how)) return { seed, capture: how, ...(await cardC(seed, how, today)) };
  if (variantB(how)) {
    const s = seed + B_SEEDS;
    const truth = evalPerson(mulberry32(s * 7919 + 17), today);
    const art = mulberry32(s * 104729 + 3);
    const cam = mulberry32(s * 2750159 + (how === 'scan-b' ? 1 : 2));
    return { seed, capture: how, truth, front: await captureB(idFront(truth, art, FONTS_B), how, cam), back: await captureB(idBack(truth, art, FONTS_B), how, cam) };
  }
  const truth = evalPerson(mulberry32(seed * 7919 + 17), today);
  const art = mulberry32(seed * 104729 + 3);
  const cam = mulberry32(seed * 15485863 + (how === 'scan' ? 1 : how === 'photo' ? 2 : 3));
  return { seed, capture: how, truth, front: await capture(idFront(truth, art), how, cam), back: await capture(idBack(truth, art), how, cam) };
}

export async function evalLicence(seed: number, how: Capture, today: Date): Promise<EvalLicence> {
  if (variantC(how)) return { seed, capture: how, ...(await licenceCaptureC(seed, how, today)) };
  if (variantB(how)) {
    const s = seed + B_SEEDS;
    const truth = evalCompany(mulberry32(s * 6151 + 29), today);
    const cam = mulberry32(s * 1299709 + (how === 'scan-b' ? 1 : 2));
    return { seed, capture: how, truth, image: await captureB(licence(truth, mulberry32(s * 911 + 5), FONTS_B), how, cam) };
  }
  const truth = evalCompany(mulberry32(seed * 6151 + 29), today);
  const cam = mulberry32(seed * 3571 + (how === 'scan' ? 1 : how === 'photo' ? 2 : 3));
  return { seed, capture: how, truth, image: await capture(licence(truth, mulberry32(seed * 911 + 5)), how, cam) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : dflt);
  const captures = argv.flatMap((a, i) => (a === '--capture' ? [argv[i + 1] as Capture] : []));
  const out = opt('out', 'bench/out/ocr-eval');
  const count = Number(opt('count', '10'));
  const seed = Number(opt('seed', '90000'));
  assertEvalFonts();
  const today = new Date();
  for (const how of captures.length ? captures : (['scan', 'photo'] as Capture[])) {
    const dir = join(out, how);
    await mkdir(dir, { recursive: true });
    const ext = how === 'scan' ? 'img' : 'jpg';
    for (let i = 0; i < count; i++) {
      const c = await evalCard(seed + i, how, today);
      await writeFile(join(dir, `id-${c.seed}-front.${ext}`), new Uint8Array(c.front));
      await writeFile(join(dir, `id-${c.seed}-back.${ext}`), new Uint8Array(c.back));
      await writeFile(join(dir, `id-${c.seed}.json`), JSON.stringify(c.truth, null, 1));
      const l = await evalLicence(seed + i, how, today);
      await writeFile(join(dir, `licence-${l.seed}.${ext}`), new Uint8Array(l.image));
      await writeFile(join(dir, `licence-${l.seed}.json`), JSON.stringify(l.truth, null, 1));
    }
    console.log(`${how}: ${count} cards and ${count} licences in ${dir}`);
  }
  await closeRenderer();
}

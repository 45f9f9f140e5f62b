// The third evaluation variant (scan-c, photo-c, phone-c), written without reading the OCR pipeline: its own
// people (people-c.ts), documents drawn as HTML/CSS by Chromium in fonts no other generator uses (cards-c.ts) and
// captures staged as scenes (camera-c.ts). Same seed, same documents and bytes on every machine with the fonts.
import { mulberry32 } from '../../domain/random';
import { type CaptureC, captureC } from './camera-c';
import { idBackC, idFrontC, licenceC } from './cards-c';
import { companyC, personC } from './people-c';
import type { EvalCompany, EvalPerson } from './people';

/** Seeds of this variant are apart from variants A and B's (which use seed and seed + 500 000). */
const C_SEEDS = 1_300_000;
const captureSalt = (how: CaptureC): number => (how === 'scan-c' ? 11 : how === 'photo-c' ? 23 : 37);

export const variantC = (how: string): how is CaptureC => how.endsWith('-c');

/** Who is on the card and its artwork depend on the seed only; the capture on the seed and the capture. */
export function cardTruthC(seed: number, today: Date): EvalPerson {
  return personC(mulberry32((seed + C_SEEDS) * 48271 + 7), today);
}

export function licenceTruthC(seed: number, today: Date): EvalCompany {
  return companyC(mulberry32((seed + C_SEEDS) * 69621 + 13), today);
}

export function cardHtmlC(seed: number, truth: EvalPerson): { front: string; back: string } {
  const art = mulberry32((seed + C_SEEDS) * 16807 + 5);
  return { front: idFrontC(truth, art), back: idBackC(truth, art) };
}

export function licenceHtmlC(seed: number, truth: EvalCompany): string {
  return licenceC(truth, mulberry32((seed + C_SEEDS) * 39373 + 3));
}

export async function cardC(seed: number, how: CaptureC, today: Date): Promise<{ truth: EvalPerson; front: Buffer; back: Buffer }> {
  const truth = cardTruthC(seed, today);
  const html = cardHtmlC(seed, truth);
  const cam = mulberry32((seed + C_SEEDS) * 2147483 + captureSalt(how));
  const front = await captureC(html.front, 'card', how, cam);
  const back = await captureC(html.back, 'card', how, cam);
  return { truth, front, back };
}

export async function licenceCaptureC(seed: number, how: CaptureC, today: Date): Promise<{ truth: EvalCompany; image: Buffer }> {
  const truth = licenceTruthC(seed, today);
  const cam = mulberry32((seed + C_SEEDS) * 1046527 + captureSalt(how));
  return { truth, image: await captureC(licenceHtmlC(seed, truth), 'licence', how, cam) };
}

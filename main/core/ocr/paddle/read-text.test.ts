import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLicence, type LicenceFixture } from '../../../../tests/fixtures/ocr/generate';
import { decodePixels } from '../decode-pixels';
import type { RgbImage } from './line-image';
import { type DetectorModels, loadDetector } from './models';
import { type ReadPicture, readPictureDeblurred, readText } from './read-text';
import { localRecogniser, type Recogniser } from './recogniser-client';

// The networks load without a cache folder (as the bench's first run does); accuracy over many photos is
// measured by bench/ocr.bench.ts, not here.
const today = new Date('2026-06-01T00:00:00Z');
let m: DetectorModels;
let rec: Recogniser;
let licence: LicenceFixture;

beforeAll(async () => {
  [m, licence] = await Promise.all([loadDetector(), generateLicence(4303, 'photo', today)]);
  rec = localRecogniser(2);
}, 120_000);
afterAll(async () => {
  await rec.close();
  await Promise.all([m.det.release(), m.cls.release()]);
});

/** The licence smeared along a horizontal streak of `length` pixels, as a phone shaken sideways takes it. */
async function shaken(length: number): Promise<RgbImage> {
  const kernel = Array.from({ length: length * length }, (_, i) => (Math.floor(i / length) === (length - 1) / 2 ? 1 : 0));
  return decodePixels(await sharp(licence.image).convolve({ width: length, height: length, kernel }).jpeg({ quality: 60 }).toBuffer());
}

/** How many of the licence's values appear, exactly, in one line of the reading. */
const valuesRead = (r: ReadPicture): number => {
  const lines = r.boxes.map((b) => b.chars.map((c) => c.ch).join(''));
  const t = licence.truth as unknown as Record<string, string>;
  return ['uscc', 'companyName', 'legalRepresentative', 'registeredCapital'].filter((k) => lines.some((l) => l.includes(t[k]!))).length;
};

describe('reading a shaken picture again with the shake taken out of all of it', () => {
  it('finds the streak, and reads more of the values from the deconvolved picture than from the shaken one', async () => {
    const img = await shaken(11);
    const [first] = await readText(m, rec, [img]);
    expect(first!.blur).toMatchObject({ length: expect.closeTo(11, -0.5) });
    const again = await readPictureDeblurred(m, rec, img, first!.boxes, first!.blur!);
    expect(valuesRead(again)).toBeGreaterThan(valuesRead(first!));
    // Boxes come back in the picture's own pixels, inside it.
    for (const b of again.boxes) for (const p of b.quad) expect(p.x >= -1 && p.x <= img.width + 1 && p.y >= -1 && p.y <= img.height + 1).toBe(true);
  }, 120_000);
});

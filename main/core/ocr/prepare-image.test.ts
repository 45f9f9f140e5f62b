import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mulberry32, randomIdentity } from '../../../tests/fixtures/ocr/identities';
import { CARD_H, CARD_W, idFrontSvg } from '../../../tests/fixtures/ocr/render';
import { estimateSkew } from './deskew';
import { prepareImage } from './prepare-image';

async function cardOnDesk(angle: number): Promise<Buffer> {
  const svg = idFrontSvg(randomIdentity(mulberry32(7), new Date('2026-06-01T00:00:00Z')));
  const desk = { r: 90, g: 78, b: 64, alpha: 1 };
  const rotated = await sharp(Buffer.from(svg)).rotate(angle, { background: desk }).flatten({ background: desk }).png().toBuffer();
  return sharp(rotated).extend({ top: 60, bottom: 60, left: 60, right: 60, background: desk }).png().toBuffer();
}

describe('prepareImage', () => {
  it('measures the skew of a rotated card to within half a degree', async () => {
    for (const angle of [-4, 2.5]) {
      const img = await cardOnDesk(angle);
      const { data, info } = await sharp(img).greyscale().resize({ width: 500 }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const skew = estimateSkew({ data: new Uint8Array(data), width: info.width, height: info.height });
      expect(Math.abs(skew - angle)).toBeLessThan(0.5);
    }
  });

  it('straightens, crops to the card and scales it', async () => {
    const p = await prepareImage(await cardOnDesk(3), 'id-front');
    expect(p.croppedToDocument).toBe(true);
    expect(Math.abs(p.skewDegrees - 3)).toBeLessThan(0.5);
    expect(p.width).toBe(1400);
    // The crop keeps the card's proportions (85.6 × 54 mm), not the desk around it.
    expect(p.width / p.height).toBeGreaterThan((CARD_W / CARD_H) * 0.95);
    expect(p.width / p.height).toBeLessThan((CARD_W / CARD_H) * 1.08);
  });

  it('rejects undecodable and tiny images with coded errors', async () => {
    const broken = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array<number>(100).fill(7)]);
    await expect(prepareImage(broken, 'id-front')).rejects.toMatchObject({ code: 'undecodable' });
    const tiny = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#fff' } }).png().toBuffer();
    await expect(prepareImage(tiny, 'id-front')).rejects.toMatchObject({ code: 'too-small' });
  });
});

import sharp, { type Metadata } from 'sharp';
import { estimateSkew, paperBounds } from './deskew';
import { OcrError } from './errors';
import { MAX_PIXELS, MIN_WIDTH, sniffImage } from './input-check';

export interface PreparedImage { png: Buffer; width: number; height: number; skewDegrees: number }

/** Width the document is scaled to: card text then stands about 35 px tall, where tesseract reads best. */
export const TARGET_WIDTH = { 'id-card': 1100, licence: 1700 } as const;

/**
 * Rights the photo (EXIF orientation, skew), crops it to the bright document, greys, normalises contrast and
 * scales it. Every step works from the decoded pixels, so any accepted format gives the same result.
 */
export async function prepareImage(input: Buffer, kind: keyof typeof TARGET_WIDTH): Promise<PreparedImage> {
  sniffImage(input);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch (e) {
    throw new OcrError('undecodable', String((e as Error).message));
  }
  if (!meta.width || !meta.height) throw new OcrError('undecodable');
  if (meta.width * meta.height > MAX_PIXELS) throw new OcrError('too-many-pixels', `${meta.width}×${meta.height}`);
  if (Math.max(meta.width, meta.height) < MIN_WIDTH) throw new OcrError('too-small', `${meta.width}×${meta.height}`);

  try {
    const upright = await sharp(input, { limitInputPixels: MAX_PIXELS }).rotate().greyscale().png({ compressionLevel: 1 }).toBuffer();
    const small = async (buf: Buffer): Promise<{ data: Uint8Array; width: number; height: number; scale: number }> => {
      const { data, info } = await sharp(buf).resize({ width: 500 }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const m = await sharp(buf).metadata();
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, scale: m.width! / info.width };
    };
    const s1 = await small(upright);
    const skew = estimateSkew(s1);
    const straight = Math.abs(skew) >= 0.3 ? await sharp(upright).rotate(-skew, { background: '#000000' }).png({ compressionLevel: 1 }).toBuffer() : upright;
    const s2 = await small(straight);
    const b = paperBounds(s2);
    const pad = Math.round(4 * s2.scale);
    const m2 = await sharp(straight).metadata();
    const left = Math.max(0, Math.round(b.left * s2.scale) + pad);
    const top = Math.max(0, Math.round(b.top * s2.scale) + pad);
    const width = Math.min(m2.width! - left, Math.round(b.width * s2.scale) - 2 * pad);
    const height = Math.min(m2.height! - top, Math.round(b.height * s2.scale) - 2 * pad);
    // A crop that keeps little of the picture means the paper was not found; then read the whole picture.
    const useCrop = width > m2.width! * 0.3 && height > m2.height! * 0.3;
    let pipe = sharp(straight);
    if (useCrop) pipe = pipe.extract({ left, top, width, height });
    const { data, info } = await pipe
      .resize({ width: TARGET_WIDTH[kind] })
      .normalise({ lower: 1, upper: 99 })
      .png({ compressionLevel: 1 })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height, skewDegrees: skew };
  } catch (e) {
    if (e instanceof OcrError) throw e;
    throw new OcrError('undecodable', String((e as Error).message));
  }
}

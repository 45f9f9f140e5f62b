import { checkedImage } from './decode-pixels';
import { estimateSkew, paperBounds } from './deskew';
import { OcrError } from './errors';
import { MAX_PIXELS } from './input-check';

export interface PreparedImage { png: Buffer; width: number; height: number; skewDegrees: number; croppedToDocument: boolean }

export type DocumentSide = 'id-front' | 'id-back' | 'licence';

/**
 * Width the document is scaled to. Card text then stands about 45 px tall: in trials on generated cards the
 * Chinese model misread village and given names noticeably more often at 35 px.
 */
export const TARGET_WIDTH: Record<DocumentSide, number> = { 'id-front': 1400, 'id-back': 1400, licence: 1700 };

/**
 * Rights the photo (EXIF orientation, skew), crops it to the bright document, greys, normalises contrast and
 * scales it. Every step works from the decoded pixels, so any accepted format gives the same result.
 */
export async function prepareImage(input: Buffer, kind: DocumentSide): Promise<PreparedImage> {
  const sharp = await checkedImage(input);

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
    const W = TARGET_WIDTH[kind];
    const normalised = await pipe.resize({ width: W }).normalise({ lower: 1, upper: 99 }).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    const H = normalised.info.height;
    const onCard = useCrop && W / H > 1.45 && W / H < 1.75;
    let out = sharp(normalised.data);
    // The card layout is standard: the portrait is blank paper to the recogniser, and the back's fields are all in
    // its lower part, below the emblem and title. Leaving those out halves the recognition time and its noise.
    if (onCard && kind === 'id-front') {
      const box = { left: Math.round(W * 0.66), top: Math.round(H * 0.08), width: Math.round(W * 0.31), height: Math.round(H * 0.6) };
      const white = await sharp({ create: { width: box.width, height: box.height, channels: 3, background: '#ffffff' } }).png().toBuffer();
      out = out.composite([{ input: white, left: box.left, top: box.top }]);
    }
    if (onCard && kind === 'id-back') out = out.extract({ left: 0, top: Math.round(H * 0.6), width: W, height: H - Math.round(H * 0.6) });
    const { data, info } = await out.greyscale().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height, skewDegrees: skew, croppedToDocument: onCard };
  } catch (e) {
    if (e instanceof OcrError) throw e;
    throw new OcrError('undecodable', String((e as Error).message));
  }
}

import type { default as Sharp, Metadata } from 'sharp';
import { OcrError } from './errors';
import { MAX_PIXELS, MIN_WIDTH, sniffImage } from './input-check';
import type { RgbImage } from './paddle/line-image';

/**
 * Pictures are brought down to this longer side before reading: a card filling it still has text about
 * 60 px tall, twice what the recogniser scales every line to, and a 12-megapixel phone photo costs no more
 * than a scan.
 */
export const WORKING_MAX_SIDE = 2000;

/**
 * Refuses a file that is not a picture we read, or too large or too small to read, from its first bytes and its
 * header; returns sharp to decode it with. sharp is loaded here, on first use, not with the module: `jingwei ocr`
 * starts the OCR worker (and its model loading) first.
 */
export async function checkedImage(input: Buffer): Promise<typeof Sharp> {
  sniffImage(input);
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch (e) {
    throw new OcrError('undecodable', String((e as Error).message));
  }
  if (!meta.width || !meta.height) throw new OcrError('undecodable');
  if (meta.width * meta.height > MAX_PIXELS) throw new OcrError('too-many-pixels', `${meta.width}×${meta.height}`);
  if (Math.max(meta.width, meta.height) < MIN_WIDTH) throw new OcrError('too-small', `${meta.width}×${meta.height}`);
  return sharp;
}

/**
 * Checks the file and returns its pixels upright (EXIF orientation applied), at most WORKING_MAX_SIDE wide or
 * tall. Runs on the calling thread (sharp does the work on libuv's threads), so the OCR worker can load its models
 * meanwhile and never needs an image library of its own.
 */
export async function decodePixels(input: Buffer): Promise<RgbImage> {
  const sharp = await checkedImage(input);
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize({ width: WORKING_MAX_SIDE, height: WORKING_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (e) {
    throw new OcrError('undecodable', String((e as Error).message));
  }
}

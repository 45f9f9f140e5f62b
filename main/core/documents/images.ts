import sharp from 'sharp';
import { OcrError } from '../ocr/errors';
import { sniffImage, type ImageFormat } from '../ocr/input-check';

const EXT: Record<ImageFormat, { ext: string; type: string }> = {
  png: { ext: 'png', type: 'image/png' },
  jpeg: { ext: 'jpg', type: 'image/jpeg' },
  webp: { ext: 'webp', type: 'image/webp' },
  bmp: { ext: 'bmp', type: 'image/bmp' },
  tiff: { ext: 'tif', type: 'image/tiff' },
};

export interface CheckedImage {
  /** Which side or sheet: `front`, `back`, `licence`. */
  slot: string;
  bytes: Buffer;
  format: ImageFormat;
  /** Attachment name, e.g. `front.jpg`. */
  name: string;
  contentType: string;
}

/**
 * base64 from the page → bytes whose format is known. The OCR input check runs here, before any worker or
 * write, so a PDF, an iPhone HEIC photo or an oversized file is refused at once with its own message and
 * nothing is stored. Throws OcrError.
 */
export function decodeImage(slot: string, base64: string): CheckedImage {
  const bytes = Buffer.from(base64, 'base64');
  const format = sniffImage(bytes);
  return { slot, bytes, format, name: `${slot}.${EXT[format].ext}`, contentType: EXT[format].type };
}

/**
 * The header must describe a real picture before it is kept with a customer: the magic bytes alone would let
 * a truncated or forged file through into the archive.
 */
export async function assertDecodable(img: CheckedImage): Promise<void> {
  const meta = await sharp(img.bytes).metadata().catch(() => null);
  if (!meta?.width || !meta.height) throw new OcrError('undecodable');
}

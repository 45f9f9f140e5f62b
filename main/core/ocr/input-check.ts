import { FORMAT_HEAD_BYTES, imageFormatOf, type ImageFormat } from '../../../domain/ocr/image-format';
import { OcrError } from './errors';

export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_PIXELS = 40_000_000;
export const MIN_WIDTH = 400;

export type { ImageFormat } from '../../../domain/ocr/image-format';

/** The format of an image file, or the OcrError that names why it cannot be read (see imageFormatOf). */
export function sniffImage(buf: Uint8Array | Buffer): ImageFormat {
  if (buf.length > MAX_BYTES) throw new OcrError('too-large', `${(buf.length / 1024 / 1024).toFixed(1)} MB`);
  const v = imageFormatOf(new Uint8Array(buf.buffer, buf.byteOffset, Math.min(buf.length, FORMAT_HEAD_BYTES)));
  if ('refusal' in v) throw new OcrError(v.refusal, v.detail);
  return v.format;
}

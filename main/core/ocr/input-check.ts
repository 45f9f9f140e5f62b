import { OcrError } from './errors';

export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_PIXELS = 40_000_000;
export const MIN_WIDTH = 400;

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff';

const startsWith = (b: Uint8Array | Buffer, bytes: number[], at = 0): boolean => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array | Buffer, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

/**
 * Decides from the first bytes, not the file name: a renamed PDF or iPhone photo gets its own clear message
 * instead of a decoder error, and nothing unexpected reaches the image library.
 */
export function sniffImage(buf: Uint8Array | Buffer): ImageFormat {
  if (buf.length === 0) throw new OcrError('empty');
  if (buf.length > MAX_BYTES) throw new OcrError('too-large', `${(buf.length / 1024 / 1024).toFixed(1)} MB`);
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buf, 0, 2) === 'BM') return 'bmp';
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(buf, 0, 5) === '%PDF-') throw new OcrError('pdf');
  if (ascii(buf, 4, 8) === 'ftyp') {
    const brand = ascii(buf, 8, 12);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(brand)) throw new OcrError('heic', brand);
  }
  throw new OcrError('unsupported-format');
}

/** The picture formats the OCR reads. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff';

/** Why a file is not one of them, with the same codes as the OCR service's errors. */
export type FormatRefusal = 'empty' | 'pdf' | 'heic' | 'unsupported-format';

export type FormatVerdict = { format: ImageFormat } | { refusal: FormatRefusal; detail?: string };

/** How many leading bytes imageFormatOf needs. */
export const FORMAT_HEAD_BYTES = 16;

const startsWith = (b: Uint8Array, bytes: number[], at = 0): boolean => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

/**
 * Decides from the first bytes, not the file name: a renamed PDF, an iPhone photo or a text file gets its own
 * clear answer. Shared by the page (refuses a wrong file the moment it is chosen) and the core (which never
 * trusts the page).
 */
export function imageFormatOf(head: Uint8Array): FormatVerdict {
  if (head.length === 0) return { refusal: 'empty' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { format: 'jpeg' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { format: 'webp' };
  if (ascii(head, 0, 2) === 'BM') return { format: 'bmp' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { format: 'tiff' };
  if (ascii(head, 0, 5) === '%PDF-') return { refusal: 'pdf' };
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(brand)) return { refusal: 'heic', detail: brand };
  }
  return { refusal: 'unsupported-format' };
}

import { describe, expect, it } from 'vitest';
import { OcrError } from './errors';
import { MAX_BYTES, sniffImage } from './input-check';

// Buffer.concat's typing trips over Buffer generics under TypeScript 6; joining the bytes by hand sidesteps it.
const cat = (...parts: Array<Buffer | string>): Buffer => Buffer.from(parts.flatMap((p) => [...(typeof p === 'string' ? Buffer.from(p) : p)]));
const bytes = (...b: number[]): Buffer => cat(Buffer.from(b), Buffer.alloc(32));
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof OcrError ? e.code : 'other';
  }
  return undefined;
};

describe('sniffImage', () => {
  it('recognises the accepted formats by their magic bytes', () => {
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffImage(cat('RIFF\0\0\0\0WEBPVP8 ', Buffer.alloc(16)))).toBe('webp');
    expect(sniffImage(cat('BM', Buffer.alloc(40)))).toBe('bmp');
    expect(sniffImage(bytes(0x49, 0x49, 0x2a, 0x00))).toBe('tiff');
  });

  it('names PDF and HEIC instead of failing to decode them', () => {
    expect(codeOf(() => sniffImage(Buffer.from('%PDF-1.7\n...')))).toBe('pdf');
    expect(codeOf(() => sniffImage(cat(Buffer.from([0, 0, 0, 0x18]), 'ftypheic', Buffer.alloc(16))))).toBe('heic');
    expect(new OcrError('pdf').message).toContain('不支持 PDF');
  });

  it('refuses empty, oversized and unknown files', () => {
    expect(codeOf(() => sniffImage(Buffer.alloc(0)))).toBe('empty');
    expect(codeOf(() => sniffImage(Buffer.alloc(MAX_BYTES + 1)))).toBe('too-large');
    expect(codeOf(() => sniffImage(Buffer.from('GIF89a.........')))).toBe('unsupported-format');
  });
});

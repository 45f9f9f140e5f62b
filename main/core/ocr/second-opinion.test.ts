import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLineReader } from './second-opinion';

const cacheDir = join(mkdtempSync(join(tmpdir(), 'jw-ocr-cache-')), 'ocr-cache');
const reader = createLineReader(cacheDir);
afterAll(() => reader.close());

describe('tesseract.js second opinion', () => {
  it('reads a line of an ID number with only digits and X allowed', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="64"><rect width="760" height="64" fill="#f4f1ea"/>
<text x="16" y="46" font-family="DejaVu Sans Mono" font-size="38" fill="#222">11010519491231002X</text></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const r = await reader.read(png, '0123456789X');
    expect(r.text).toBe('11010519491231002X');
    expect(r.charConfidences).toHaveLength(18);
  }, 60_000);

  it('keeps its language links and cache in the folder it was given, private to this account', () => {
    expect(readdirSync(cacheDir).sort()).toEqual(['cache', 'lang-4.0.0_best_int']);
    for (const sub of readdirSync(cacheDir)) expect(statSync(join(cacheDir, sub)).mode & 0o777).toBe(0o700);
  });
});

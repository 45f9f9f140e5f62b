import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { generateIdCard, generateLicence } from '../../../tests/fixtures/ocr/generate';
import { ocrCommand } from './ocr';

let dir: string;
let out: string[];
let err: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jingwei-ocr-cli-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('jingwei ocr', () => {
  it('refuses bad arguments with exit code 2 and a Chinese message', async () => {
    expect(await ocrCommand.run(['id-card'])).toBe(2);
    expect(err.join('\n')).toContain('请给出身份证人像面图片');
    expect(await ocrCommand.run(['passport', 'x.png'])).toBe(2);
    expect(await ocrCommand.run(['licence', 'a.png', 'b.png'])).toBe(2);
    expect(err.join('\n')).toContain('请给出一张营业执照图片');
  });

  it('fails with exit code 1 and a coded JSON error for a PDF or a missing file', async () => {
    const pdf = join(dir, 'scan.png');
    await writeFile(pdf, '%PDF-1.7\n1 0 obj\n');
    expect(await ocrCommand.run(['licence', pdf, '--json'])).toBe(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ error: { code: 'pdf', messageZh: expect.stringContaining('PDF') } });
    expect(await ocrCommand.run(['id-card', join(dir, 'missing.png')])).toBe(1);
    expect(err.join('\n')).toContain('找不到图片文件');
  });

  it('reads a card in one process (the engine on one worker thread) and prints the fields as JSON: ISO dates, the address as one string', async () => {
    const card = await generateIdCard(4243, 'mild', new Date());
    const [front, back] = [join(dir, 'front.png'), join(dir, 'back.png')];
    await Promise.all([writeFile(front, new Uint8Array(card.front)), writeFile(back, new Uint8Array(card.back))]);
    expect(await ocrCommand.run(['id-card', front, back, '--json'])).toBe(0);
    const printed = JSON.parse(out.join('\n')) as { fields: Record<string, { value: string }>; wallMs: number };
    expect(printed.fields.idNumber!.value).toBe(card.truth.idNumber);
    expect(printed.fields.birthDate!.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(printed.fields.birthDate!.value).toBe(card.truth.birthDate);
    expect(printed.fields.address!.value).toBe(card.truth.address);
    expect(printed.wallMs).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a licence too small and shaken to read with exit code 1 and a coded JSON error, not uncertain fields', async () => {
    const licence = await generateLicence(4303, 'photo', new Date());
    const width = Math.round((await sharp(licence.image).metadata()).width! * 0.6);
    const kernel = Array.from({ length: 81 }, (_, i) => (Math.floor(i / 9) === 4 ? 1 : 0));
    const file = join(dir, 'shaken.jpg');
    await writeFile(file, new Uint8Array(await sharp(licence.image).resize({ width }).convolve({ width: 9, height: 9, kernel }).jpeg({ quality: 60 }).toBuffer()));
    expect(await ocrCommand.run(['licence', file, '--json'])).toBe(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ error: { code: 'too-blurry', messageZh: '文字太小或模糊，请靠近重拍' } });
    expect(err.join('\n')).toContain('文字太小或模糊，请靠近重拍');
  }, 120_000);
});

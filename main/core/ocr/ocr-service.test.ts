import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdCard, generateLicence, type IdCardFixture } from '../../../tests/fixtures/ocr/generate';
import { createOcrService, type OcrService, type OcrStage } from './ocr-service';

// One warm engine for the file: loading the models is the expensive part, recognition is not. Accuracy over many
// cards, scans and photos, is measured by bench/ocr.bench.ts, not here.
const today = new Date('2026-06-01T00:00:00Z');
let service: OcrService;
let card: IdCardFixture;
let photo: IdCardFixture;

const cacheDir = join(mkdtempSync(join(tmpdir(), 'jw-ocr-cache-')), 'ocr-cache');

beforeAll(async () => {
  service = createOcrService({ now: () => today, cacheDir });
  [card, photo] = await Promise.all([generateIdCard(4242, 'mild', today), generateIdCard(4244, 'photo', today)]);
}, 120_000);
afterAll(() => service.close());

describe('OCR service (PP-OCR in a worker thread)', () => {
  it('makes the model cache folder it was given private to this account', () => {
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
  });

  it('reads every field of a card photographed on a table (perspective, uneven light, JPEG quality 40)', async () => {
    const r = await service.recognizeIdCard(photo.front, photo.back);
    expect(Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.value]))).toEqual(Object.fromEntries(Object.keys(r.fields).map((k) => [k, (photo.truth as unknown as Record<string, string>)[k]])));
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  }, 120_000);

  it('recognises a scanned ID card front and back, with the number and its checks confirmed', async () => {
    const stages: OcrStage[] = [];
    const r = await service.recognizeIdCard(card.front, card.back, { onProgress: (s) => stages.push(s) });
    expect(r.kind).toBe('id-card');
    // These fields are held by the number's check character, so they must come out exact.
    expect(r.fields.idNumber.value).toBe(card.truth.idNumber);
    expect(r.fields.birthDate.value).toBe(card.truth.birthDate);
    expect(r.fields.sex.value).toBe(card.truth.sex);
    expect(r.fields.validFrom.value).toBe(card.truth.validFrom);
    expect(r.fields.validUntil.value).toBe(card.truth.validUntil);
    const exact = Object.entries(r.fields).filter(([k, f]) => f.value === (card.truth as unknown as Record<string, string>)[k]).length;
    expect(exact).toBeGreaterThanOrEqual(8);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.timingMs).toBeGreaterThan(0);
    expect(stages).toContain('recognising-front');
    expect(stages).toContain('recognising-back');
    expect(r.differences).toEqual([]);
  }, 120_000);

  it('lists differences from the customer record', async () => {
    const r = await service.recognizeIdCard(card.front, undefined, { record: { name: card.truth.name, idNumber: '11010519491231002X' } });
    expect(r.differences.map((d) => d.field)).toEqual(['idNumber']);
    expect(r.fields.issuingAuthority).toMatchObject({ value: '', uncertain: true });
  }, 120_000);

  it('refuses a licence photographed too far off with a shaking hand (文字太小或模糊，请靠近重拍) instead of showing guesses, and reads it held still', async () => {
    const licence = await generateLicence(4303, 'photo', today);
    const r = await service.recognizeLicence(licence.image);
    expect(Object.values(r.fields).filter((f) => f.uncertain)).toEqual([]);
    // Scaled to 60 % and smeared along a 9-pixel streak: the text is about 12 px tall under a 9 px shake.
    const width = Math.round((await sharp(licence.image).metadata()).width! * 0.6);
    const kernel = Array.from({ length: 81 }, (_, i) => (Math.floor(i / 9) === 4 ? 1 : 0));
    const shaken = await sharp(licence.image).resize({ width }).convolve({ width: 9, height: 9, kernel }).jpeg({ quality: 60 }).toBuffer();
    await expect(service.recognizeLicence(shaken)).rejects.toMatchObject({ code: 'too-blurry', messageZh: '文字太小或模糊，请靠近重拍' });
  }, 120_000);

  it('rejects a PDF at once, and a picture with no card in it after reading it', async () => {
    await expect(service.recognizeIdCard(Buffer.from('%PDF-1.4\n%…'))).rejects.toMatchObject({ code: 'pdf' });
    const blank = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#f4f4f4' } }).png().toBuffer();
    await expect(service.recognizeIdCard(blank)).rejects.toMatchObject({ code: 'not-id-card', messageZh: expect.stringContaining('未识别到居民身份证') });
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import type { CtcChar } from './ctc';
import { minAreaRect, type Quad } from './geometry';
import type { RgbImage } from './line-image';
import type { TextBox } from './read-text';
import type { Recogniser } from './recogniser-client';
import { betterNameReading, quadSpan, withPersonReadAgain } from './reread-person';

const chars = (text: string, probs: number[] = []): CtcChar[] => [...text].map((ch, i) => ({ ch, prob: probs[i] ?? 0.95, at: (i + 0.5) / [...text].length }));
const rect = (x0: number, y0: number, x1: number, y1: number): Quad => [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }];
const box = (q: Quad, text: string): TextBox => ({ quad: q, rect: minAreaRect(q), score: 0.8, chars: chars(text) });
const texts = (bs: readonly TextBox[] | undefined): string[] | undefined => bs?.map((b) => b.chars.map((c) => c.ch).join(''));

describe('betterNameReading', () => {
  it('takes a reading that adds the surname the box left out, or a sure character further on', () => {
    expect(betterNameReading(chars('建军'), chars('袁建军', [1, 0.99, 0.99]))).toBe(true);
    expect(betterNameReading(chars('范云'), chars('范云一', [0.99, 0.99, 0.8]))).toBe(true);
    expect(betterNameReading(chars('秀玉'), chars('邱秀玉'))).toBe(true);
  });

  it('refuses what is no better reading of the same name', () => {
    // A mark in front of a name that already starts with a surname (the label's 人), a weak added character,
    // a reading that loses a character of the first, one too long to be a name.
    expect(betterNameReading(chars('王秀英'), chars('人王秀英'))).toBe(false);
    expect(betterNameReading(chars('范云'), chars('范云一', [0.99, 0.99, 0.3]))).toBe(false);
    expect(betterNameReading(chars('袁建军'), chars('袁军'))).toBe(false);
    expect(betterNameReading(chars('袁建军'), chars('袁建军三四'))).toBe(false);
    expect(betterNameReading(chars('袁建军'), chars('袁建国'))).toBe(false);
  });

  it('takes a surer reading of as many characters only where each is the other reading\'s runner-up', () => {
    const first: CtcChar[] = [
      { ch: '叶', prob: 0.87, at: 0.2 },
      { ch: '样', prob: 0.45, at: 0.5, alts: [{ ch: '梓', prob: 0.17 }] },
      { ch: '态', prob: 0.4, at: 0.8, alts: [{ ch: '感', prob: 0.1 }, { ch: '慧', prob: 0.05 }] },
    ];
    expect(betterNameReading(first, chars('叶梓慧', [1, 0.51, 0.52]))).toBe(true);
    expect(betterNameReading(first, chars('华唐王', [0.99, 0.99, 0.99]))).toBe(false);
    expect(betterNameReading(first, chars('叶梓慧', [0.5, 0.3, 0.3]))).toBe(false);
  });
});

describe('withPersonReadAgain', () => {
  const img: RgbImage = { data: new Uint8Array(600 * 200 * 3).fill(255), width: 600, height: 200 };
  const reading = (text: string): Recogniser => ({
    ready: async () => undefined,
    recognise: async (lines) => lines.map(() => chars(text)),
    close: async () => undefined,
  });

  it('reads the name beside its label a little wider and puts that reading in place of its box', async () => {
    const label = box(rect(100, 50, 250, 80), '法定代表人');
    const name = box(rect(330, 50, 390, 80), '建军');
    const other = box(rect(100, 100, 400, 130), '有限责任公司');
    const boxes = await withPersonReadAgain(reading('袁建军'), img, [label, name, other]);
    expect(texts(boxes)).toEqual(['法定代表人', '有限责任公司', '袁建军']);
    // Read from a box height (and a bit) before the first box, never from inside the label.
    const read = boxes!.at(-1)!.quad;
    expect(read[0].x).toBeGreaterThan(250);
    expect(read[0].x).toBeLessThan(300);
    expect(read[1].x).toBeGreaterThan(390);
  });

  it('reads a name that shares its label\'s box alone, and cuts the label\'s box short of it', async () => {
    const label = box(rect(100, 50, 400, 80), '法定代表人秀玉');
    const boxes = await withPersonReadAgain(reading('邱秀玉'), img, [label]);
    expect(texts(boxes)).toEqual(['法定代表人', '邱秀玉']);
    expect(boxes![0]!.quad[1].x).toBeLessThan(boxes![1]!.quad[0].x + 20);
  });

  it('finds the label with two characters misread, and changes nothing when the second reading is no better', async () => {
    const label = box(rect(100, 50, 250, 80), '济定代民人');
    const name = box(rect(330, 50, 420, 80), '毛国海');
    expect(await withPersonReadAgain(reading('毛国'), img, [label, name])).toBeUndefined();
    expect(await withPersonReadAgain(reading('袁建军'), img, [box(rect(100, 50, 250, 80), '经营范围'), name])).toBeUndefined();
  });
});

describe('withPersonReadAgain on a name read surely', () => {
  it('does not read again a name in a box of its own whose characters were all read surely', async () => {
    let calls = 0;
    const rec: Recogniser = { ready: async () => undefined, recognise: async (lines) => (calls++, lines.map(() => chars('王秀英'))), close: async () => undefined };
    const img: RgbImage = { data: new Uint8Array(600 * 200 * 3).fill(255), width: 600, height: 200 };
    expect(await withPersonReadAgain(rec, img, [box(rect(100, 50, 250, 80), '法定代表人'), box(rect(330, 50, 420, 80), '王秀英')])).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('reads it again when its box runs on past its last character (ink read as nothing: 刘金垚 read as 刘金)', async () => {
    const rec: Recogniser = { ready: async () => undefined, recognise: async (lines) => lines.map(() => chars('刘金垚')), close: async () => undefined };
    const img: RgbImage = { data: new Uint8Array(600 * 200 * 3).fill(255), width: 600, height: 200 };
    // Two characters' centres at 345 and 375 px of a box running to 420: 45 px (1.5 box heights) beyond the last.
    const name: TextBox = { ...box(rect(330, 50, 420, 80), '刘金'), chars: [{ ch: '刘', prob: 0.99, at: 1 / 6 }, { ch: '金', prob: 0.99, at: 0.5 }] };
    const boxes = await withPersonReadAgain(rec, img, [box(rect(100, 50, 250, 80), '法定代表人'), name]);
    expect(texts(boxes)).toEqual(['法定代表人', '刘金垚']);
    // The new box ends about half a box height past its last character, as the detector draws boxes, so the field
    // extraction does not take the wider stretch read for ink left unread.
    const again = boxes!.at(-1)!;
    const lastAt = again.quad[0].x + again.chars.at(-1)!.at * (again.quad[1].x - again.quad[0].x);
    expect(again.quad[1].x - lastAt).toBeCloseTo(0.55 * 30, 0);
  });
});

describe('quadSpan', () => {
  it('cuts a stretch of a box along its width and continues it beyond', () => {
    const q = quadSpan(rect(100, 50, 200, 80), 0.5, 1.5);
    expect(q.map((p) => [p.x, p.y])).toEqual([[150, 50], [250, 50], [250, 80], [150, 80]]);
  });
});

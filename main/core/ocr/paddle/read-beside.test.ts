import { describe, expect, it } from 'vitest';
import { minAreaRect, type Quad } from './geometry';
import type { RgbImage } from './line-image';
import { quadBeside, quadStretched, unreadAfterLast, withBoxStretched, withReadingAfterChar, withReadingBeside } from './read-beside';
import type { TextBox } from './read-text';
import type { Recogniser } from './recogniser-client';

const box = (q: Quad, text: string): TextBox => ({ quad: q, rect: minAreaRect(q), score: 0.8, chars: [...text].map((ch, i) => ({ ch, prob: 0.99, at: (i + 0.5) / text.length })) });
const rect = (x0: number, y0: number, x1: number, y1: number): Quad => [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }];

describe('quadBeside', () => {
  it('continues a level box to its right, as tall as it', () => {
    const q = quadBeside(rect(100, 50, 160, 80), 0.5, 4);
    expect(q.map((p) => [Math.round(p.x), Math.round(p.y)])).toEqual([[175, 50], [295, 50], [295, 80], [175, 80]]);
  });

  it('follows a tilted box along its own reading direction', () => {
    // Tilted 30° down to the right, 20 tall.
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const q: Quad = [{ x: 0, y: 0 }, { x: 100 * c, y: 100 * s }, { x: 100 * c - 20 * s, y: 100 * s + 20 * c }, { x: -20 * s, y: 20 * c }];
    const b = quadBeside(q, 0, 2);
    expect(b[0].x).toBeCloseTo(100 * c);
    expect(b[1].x).toBeCloseTo(140 * c);
    expect(b[1].y).toBeCloseTo(140 * s);
  });
});

describe('quadStretched', () => {
  it('lengthens a box at both ends along its line by box heights, as tall as it', () => {
    const q = quadStretched(rect(100, 50, 160, 80), 1, 2);
    expect(q.map((p) => [Math.round(p.x), Math.round(p.y)])).toEqual([[70, 50], [220, 50], [220, 80], [70, 80]]);
  });
});

describe('withReadingBeside', () => {
  const img: RgbImage = { data: new Uint8Array(400 * 100 * 3).fill(255), width: 400, height: 100 };
  const reading = (text: string): Recogniser => ({
    ready: async () => undefined,
    recognise: async (lines) => lines.map(() => [...text].map((ch, i) => ({ ch, prob: 0.9, at: (i + 0.5) / text.length }))),
    close: async () => undefined,
  });

  it('adds the stretch beside the anchor as a box of its own, in place of a box whose centre lies in it', async () => {
    const label = box(rect(100, 40, 160, 70), '民族');
    const misread = box(rect(175, 40, 205, 70), '词');
    const other = box(rect(100, 80, 300, 95), '1985年3月12日');
    const boxes = await withReadingBeside(reading('侗'), img, [label, misread, other], label, 0.1, 4);
    expect(boxes!.map((b) => b.chars.map((c) => c.ch).join(''))).toEqual(['民族', '1985年3月12日', '侗']);
  });

  it('changes nothing when nothing was read there', async () => {
    const label = box(rect(100, 40, 160, 70), '民族');
    expect(await withReadingBeside(reading(''), img, [label], label, 0.1, 4)).toBeUndefined();
  });

  it('reads a box cut short again stretched, in place of it and of a box inside the stretch', async () => {
    const short = box(rect(100, 40, 230, 70), '3208262006051');
    const tail = box(rect(245, 40, 265, 70), '4');
    const other = box(rect(100, 80, 300, 95), '住址');
    const boxes = await withBoxStretched(reading('320826200605179444'), img, [short, tail, other], short, 0.5, 3);
    expect(boxes!.map((b) => b.chars.map((c) => c.ch).join(''))).toEqual(['住址', '320826200605179444']);
    expect(boxes![1]!.quad[1].x).toBeCloseTo(320);
  });

  it("reads the part of a label's box past its last character on its own, and cuts the label's box short there", async () => {
    // 民族 boxed 150 long and 30 tall over the value beside it: its characters' middles at 20 and 60 of 150.
    const grown: TextBox = { ...box(rect(100, 40, 250, 70), '民族'), chars: [{ ch: '民', prob: 0.99, at: 20 / 150 }, { ch: '族', prob: 0.99, at: 60 / 150 }] };
    expect(unreadAfterLast(grown)).toBeCloseTo(3);
    const other = box(rect(100, 80, 300, 95), '1985年3月12日');
    const boxes = await withReadingAfterChar(reading('傣'), img, [grown, other], grown, 1, 0.6, 4);
    expect(boxes!.map((b) => b.chars.map((c) => c.ch).join(''))).toEqual(['1985年3月12日', '民族', '傣']);
    const [, label, value] = boxes!;
    // The reading starts 0.6 heights (18 px) past 族's middle at 160, where the label now ends.
    expect(label!.quad[1].x).toBeCloseTo(178);
    expect(value!.quad[0].x).toBeCloseTo(178);
    expect(value!.quad[1].x).toBeCloseTo(298);
    expect(label!.chars[1]!.at * 78).toBeCloseTo(60);
    expect(unreadAfterLast(label!)).toBeCloseTo(0.6);
    expect(await withReadingAfterChar(reading(''), img, [grown], grown, 1, 0.6, 4)).toBeUndefined();
  });
});

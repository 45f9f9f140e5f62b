import { describe, expect, it } from 'vitest';
import { buildIdCardResult } from './index';
import { idFrontRereadRegions, idNumberRereadRegion, mergeRereads } from './reread';
import { syntheticPage } from './synthetic-page';
import type { OcrLine } from './types';

const today = new Date('2026-06-01T00:00:00Z');

// Card cropped to 1400 × 880: labels at x≈100, values from x≈280, portrait right of 0.66 W.
const front = () => ({
  ...syntheticPage(1400, 880, [
    [140, [['姓名', 100], ['上记', 280, 40], ['阳燕', 340, 60]]],
    [235, [['性', 100], ['别', 180], ['男', 280], ['民族', 460], ['汉', 620]]],
    [330, [['出', 100], ['生', 180], ['1985', 280], ['年', 400], ['3', 480], ['月', 560], ['12', 620], ['日', 700]]],
    [440, [['住址', 100], ['山西省临汾市侯马市', 280]]],
    [500, [['新田乡', 280], ['能', 370, 70], ['坡村8号', 400]]],
    [760, [['公民身份号码', 100], ['141081198503124610', 460]]],
  ]),
  croppedToCard: true,
});

const line = (text: string, x0: number, y0: number): OcrLine => {
  const bbox = { x0, y0, x1: x0 + 30 * [...text].length, y1: y0 + 32 };
  return { text, confidence: 90, bbox, words: [{ text, confidence: 90, bbox }] };
};

describe('second reading of the name and address rows', () => {
  it('finds the name row and every address row, as boxes over the value column only', () => {
    const regions = idFrontRereadRegions(front());
    expect(regions.map((r) => [r.field, r.line])).toEqual([['name', 0], ['address', 3], ['address', 4]]);
    for (const r of regions) {
      expect(r.box.x0).toBe(Math.round(0.175 * 1400));
      expect(r.box.x1).toBe(Math.round(0.66 * 1400));
    }
    const name = regions[0]!.box;
    expect(name.y0).toBeLessThan(140);
    expect(name.y1).toBeGreaterThan(172);
  });

  it('reads nothing again on a picture not cropped to the card, whose columns are unknown', () => {
    expect(idFrontRereadRegions({ ...front(), croppedToCard: false })).toEqual([]);
  });

  it('puts the second readings in place of the values and keeps the labels, so the fields change', () => {
    const page = front();
    const regions = idFrontRereadRegions(page);
    const before = buildIdCardResult(page, undefined, today, 0).fields;
    expect(before.name.value).toBe('上记阳燕');
    const merged = mergeRereads(page, [
      { region: regions[0]!, line: line('卢阳燕', 280, 140) },
      { region: regions[2]!, line: line('新田乡熊坡村8号', 280, 500) },
    ]);
    const after = buildIdCardResult(merged, undefined, today, 0).fields;
    expect(after.name.value).toBe('卢阳燕');
    expect(after.address.value).toBe('山西省临汾市侯马市新田乡熊坡村8号');
    expect(merged.lines[0]!.words[0]!.text).toBe('姓名');
  });

  it('keeps the first reading where the second is less sure of its weakest character', () => {
    const page = front();
    const regions = idFrontRereadRegions(page);
    const weak = line('新田乡熊坡村8号', 280, 500);
    weak.words[0]!.confidence = 60;
    const merged = mergeRereads(page, [{ region: regions[2]!, line: weak }]);
    expect(buildIdCardResult(merged, undefined, today, 0).fields.address.value).toBe('山西省临汾市侯马市新田乡能坡村8号');
  });

  it('prefers a name reading that starts with a common surname, however sure the other one is', () => {
    const page = front();
    const regions = idFrontRereadRegions(page);
    const sureButOdd = line('上记阳燕', 280, 140);
    const merged = mergeRereads({ ...page, lines: [{ ...page.lines[0]!, words: [page.lines[0]!.words[0]!, { ...sureButOdd.words[0]!, confidence: 99 }] }, ...page.lines.slice(1)] }, [
      { region: regions[0]!, line: { ...line('卢阳燕', 280, 140), confidence: 50, words: [{ ...line('卢阳燕', 280, 140).words[0]!, confidence: 50 }] } },
    ]);
    expect(buildIdCardResult(merged, undefined, today, 0).fields.name.value).toBe('卢阳燕');
  });

  it('keeps the first reading when the second one found no text', () => {
    const page = front();
    const regions = idFrontRereadRegions(page);
    const merged = mergeRereads(page, [{ region: regions[0]!, line: undefined }, { region: regions[1]!, line: line(' ', 280, 440) }]);
    expect(merged.lines).toEqual(page.lines);
  });

  it('re-reads the ID number row from its digits to the right edge, and takes that reading when told to', () => {
    const page = front();
    const region = idNumberRereadRegion(page)!;
    expect(region.line).toBe(5);
    expect(region.box.x0).toBeLessThanOrEqual(460);
    expect(region.box.x0).toBeGreaterThan(0.175 * 1400);
    expect(region.box.x1).toBe(1400);
    const digits = line('141081198503124612', 460, 760);
    digits.words[0]!.confidence = 10;
    expect(mergeRereads(page, [{ region, line: digits }]).lines[5]!.words.map((w) => w.text)).toEqual(['公民身份号码', '141081198503124610']);
    expect(mergeRereads(page, [{ region, line: digits }], 'always').lines[5]!.words.map((w) => w.text)).toEqual(['公民身份号码', '141081198503124612']);
  });
});

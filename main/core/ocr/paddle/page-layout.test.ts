import { describe, expect, it } from 'vitest';
import { buildIdCardResult, buildLicenceResult } from '../../../../domain/ocr';
import { minAreaRect, rectQuad } from './geometry';
import { pageFromBoxes } from './page-layout';
import type { TextBox } from './read-text';

const turn = 12 * (Math.PI / 180);

/** A recognised box of `text` whose left end is at (x, y) on a card turned by `turn`, 30 px per character. */
function box(text: string, x: number, y: number): TextBox {
  const len = 30 * [...text].length;
  const at = (u: number, v: number) => ({ x: 100 + u * Math.cos(turn) - v * Math.sin(turn), y: 50 + u * Math.sin(turn) + v * Math.cos(turn) });
  const rect = minAreaRect([at(x, y), at(x + len, y), at(x + len, y + 36), at(x, y + 36)]);
  return { quad: rectQuad(rect, turn), rect, score: 0.9, chars: [...text].map((ch, i, all) => ({ ch, prob: 0.98, at: (i + 0.5) / all.length })) };
}

/** A box of `text` on an upright page, its top left at (x, y), `pitch` px per character, read at `prob`. */
function flat(text: string, x: number, y: number, h = 36, rise = 0, pitch = 30, prob = 0.98): TextBox {
  const len = pitch * [...text].length;
  const rect = minAreaRect([{ x, y }, { x: x + len, y: y - rise }, { x: x + len, y: y - rise + h }, { x, y: y + h }]);
  return { quad: rectQuad(rect, 0), rect, score: 0.9, chars: [...text].map((ch, i, all) => ({ ch, prob, at: (i + 0.5) / all.length })) };
}

describe('page layout from PP-OCR boxes', () => {
  it('rebuilds the rows of a turned card, label and value in one row, and reads its fields', () => {
    // Shuffled on purpose: the detector returns boxes in no useful order.
    const boxes = [
      box('公民身份号码', 40, 400), box('11010519491231002X', 260, 402),
      box('住址', 40, 240), box('北京市西城区复兴', 160, 240), box('门外大街1号', 160, 285),
      box('姓名吴军', 40, 40), box('出生', 40, 180), box('1949年12月31日', 160, 181),
      box('性别', 40, 110), box('女', 160, 111), box('民族', 280, 110), box('汉', 400, 112),
    ];
    const page = pageFromBoxes(boxes, turn, 1200, 900);
    expect(page.lines.map((l) => l.words.map((w) => w.text).join(' '))).toEqual([
      '姓名吴军', '性别 女 民族 汉', '出生 1949年12月31日', '住址 北京市西城区复兴', '门外大街1号', '公民身份号码 11010519491231002X',
    ]);
    // Characters keep their places, so a label read together with its value is cut off where the value starts.
    const name = page.lines[0]!.words[0]!;
    expect(name.charSpans).toHaveLength(4);
    expect(name.charSpans![2]![0]).toBeCloseTo(name.bbox.x0 + 60, 0);
    // How far the box runs on beyond its first and last characters' centres: half a character here, all of it read.
    expect(name.unreadBefore).toBeCloseTo(15, 0);
    expect(name.unreadAfter).toBeCloseTo(15, 0);
    const f = buildIdCardResult(page, undefined, new Date('2026-06-01T00:00:00Z'), 0).fields;
    expect(f.name.value).toBe('吴军');
    expect(f.address.value).toBe('北京市西城区复兴门外大街1号');
    expect(f.idNumber).toMatchObject({ value: '11010519491231002X', uncertain: false });
    expect(f.ethnicity.value).toBe('汉');
  });

  it('keeps the gap between a misread label and its value read as one box, so the value is still cut out', () => {
    // "姓名  方飞" with the label misread as 娃省: the recogniser placed 方 and 飞 three character widths on.
    const b = box('娃省方飞', 40, 40);
    b.rect = minAreaRect(rectQuad(box('娃省xx方飞', 40, 40).rect, turn));
    b.quad = rectQuad(b.rect, turn);
    b.chars = ['娃', '省', '方', '飞'].map((ch, i) => ({ ch, prob: 0.9, at: ([0, 1, 4, 5][i]! + 0.5) / 6 }));
    const page = pageFromBoxes([b, box('性别', 40, 110), box('男', 160, 111)], turn, 1200, 900);
    const spans = page.lines[0]!.words[0]!.charSpans!;
    expect(spans[2]![0] - spans[1]![1]).toBeGreaterThan(60);
    expect(buildIdCardResult(page, undefined, new Date('2026-06-01T00:00:00Z'), 0).fields.name.value).toBe('方飞');
  });

  it('keeps a one-character value on its label\'s row when the label\'s box was grown over it', () => {
    // 民族 boxed a character width past its end, over the value 白 boxed on its own (a small blurred card).
    const label = box('民族', 280, 110);
    const grown = box('民族xx', 280, 110);
    label.rect = grown.rect;
    label.quad = grown.quad;
    label.chars = [{ ch: '民', prob: 0.95, at: 0.125 }, { ch: '族', prob: 0.95, at: 0.375 }];
    const page = pageFromBoxes([box('性别男', 40, 110), label, box('白', 370, 112)], turn, 1200, 900);
    expect(page.lines.map((l) => l.words.map((w) => w.text).join(' '))).toEqual(['性别男 民族 白']);
  });

  it('never puts two boxes of one column into a row, however the rows beside them chain: a wrapped value stays in order', () => {
    // A licence's right column: 住所 with its address wrapped onto a second line, level with a left-column
    // label that sits between the two lines and a scope of business whose slant reaches up to 住所.
    const boxes = [
      flat('住所', 840, 744), flat('海南省中沙群岛的岛礁', 1010, 743), flat('胜利街201号', 1008, 785),
      flat('经营范围', 166, 772, 35, 5), flat('粮食收购农产品初加工', 351, 774, 29),
    ];
    const page = pageFromBoxes(boxes, 0, 1600, 1200);
    const rows = page.lines.map((l) => l.words.map((w) => w.text).join(' '));
    const upper = rows.findIndex((r) => r.includes('海南省'));
    const lower = rows.findIndex((r) => r.includes('胜利街'));
    expect(upper).toBeGreaterThanOrEqual(0);
    expect(lower).toBeGreaterThan(upper);
  });

  it('keeps a spaced 住 所 on its value\'s row when 所 overlaps the value\'s box, and finds the label past a speck between', () => {
    // A licence photo: 所 boxed 12 px into the address's box on the same line, and a faint mark half a line high
    // boxed between 住 and 所 and read as a weak 1.
    const address = '广东省韶关市仁化县兴业大道50号';
    const boxes = [
      flat('经营范围', 600, 870, 34, 0, 22), flat('住', 1123, 874, 25), flat('1', 1163, 879, 16, 0, 19, 0.44),
      flat('所', 1188, 873, 28, 0, 38), flat(address, 1214, 869, 32, 0, 367 / 15),
    ];
    const page = pageFromBoxes(boxes, 0, 2000, 1500);
    expect(page.lines.map((l) => l.words.map((w) => w.text).join(' '))).toEqual([`经营范围 住 1 所 ${address}`]);
    expect(buildLicenceResult(page, 0).fields.address).toMatchObject({ value: address, uncertain: false });
  });

  it('puts a speck on a value\'s box on a row of its own, not in front of the value', () => {
    // A faint mark 0.4 of the line high on the first character of a legal representative's name, read 店 at 29 %.
    const boxes = [flat('法定代表人', 335, 738, 40), flat('吕泽', 493, 738, 37, 0, 34), flat('店', 490, 748, 15, 0, 14, 0.29), flat('营业期限', 980, 738, 39, 0, 27)];
    const page = pageFromBoxes(boxes, 0, 2000, 1500);
    expect(page.lines.map((l) => l.words.map((w) => w.text).join(' '))).toContain('法定代表人 吕泽 营业期限');
    expect(buildLicenceResult(page, 0).fields.legalRepresentative.value).toBe('吕泽');
  });

  it('keeps two lines of a slanted wrapped address apart, though their boxes reach down the page over each other', () => {
    // A hard photo: the address's two lines 23 px apart across the text, each box 40 px high and slanted 3° off the
    // page's direction, so that each reaches 52 px down the page.
    const slant = (text: string, x: number, y: number): TextBox => {
      const len = 20 * [...text].length;
      const rect = minAreaRect([{ x, y }, { x: x + len, y: y - 12 }, { x: x + len, y: y + 28 }, { x, y: y + 40 }]);
      return { quad: rectQuad(rect, 0), rect, score: 0.9, chars: [...text].map((ch, i, all) => ({ ch, prob: 0.98, at: (i + 0.5) / all.length })) };
    };
    const boxes = [flat('住址', 170, 575, 38, 0, 28), slant('吉林省长春市长春净月高新', 242, 563), slant('技术产业开发区中山路5号', 239, 586), flat('17号楼2单元702室', 237, 615, 38, 0, 14)];
    const page = pageFromBoxes(boxes, 0, 1280, 720);
    expect(page.lines.map((l) => l.words.map((w) => w.text).join(' '))).toEqual(['住址 吉林省长春市长春净月高新', '技术产业开发区中山路5号', '17号楼2单元702室']);
  });
});


import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../../domain/identity/uscc';
import { orgCodeCheckChar } from '../../../domain/ocr/extract-licence';
import { licenceLinesWorthReadingAgain } from './licence-rereads';
import { minAreaRect, type Quad } from './paddle/geometry';
import type { RgbImage } from './paddle/line-image';
import type { RereadChoice, TextBox } from './paddle/read-text';

const first17 = `91141081MA0K1234${orgCodeCheckChar('MA0K1234')}`;
const USCC = first17 + usccCheckChar(first17);
const img: RgbImage = { data: new Uint8Array(3), width: 1700, height: 1200 };

/** A box as the detector and recogniser give it: `text` at (x, y), 30 px a character, 32 px tall (a detector's box is taller than the text's pitch), read at `prob` (0.6 leaves every field uncertain). */
function box(x: number, y: number, text: string, prob = 0.6): TextBox {
  const n = [...text].length;
  const q: Quad = [{ x, y }, { x: x + 30 * n, y }, { x: x + 30 * n, y: y + 32 }, { x, y: y + 32 }];
  return { quad: q, rect: minAreaRect(q), score: 0.8, chars: [...text].map((ch, i) => ({ ch, prob, at: (i + 0.5) / n })) };
}

const licence = (withRepresentative = true): TextBox[] => [
  box(120, 100, '编号645986264460'),
  box(120, 170, '统一社会信用代码'),
  box(120, 215, USCC),
  box(650, 300, '营业执照'),
  box(120, 550, '名称'), box(330, 550, '侯马市兴农农业科技有限公司'),
  box(120, 650, '类型'), box(330, 650, '有限责任公司（自然人投资或控股）'),
  box(980, 550, '注册资本'), box(1190, 550, '壹佰万元整'),
  box(980, 650, '成立日期'), box(1190, 650, '2015年03月02日'),
  ...(withRepresentative ? [box(120, 750, '法定代表人'), box(330, 750, '王秀英')] : []),
  box(980, 750, '住所'), box(1190, 750, '山西省临汾市侯马'),
  box(1190, 800, '市新田乡东庄村'),
  box(120, 900, '经营范围'), box(330, 900, '粮食收购；普通货物道路运输'),
  box(120, 1100, '国家企业信用信息公示系统网址'),
];
/** The lines not read again. */
const texts = (bs: readonly TextBox[], worth: ReturnType<RereadChoice>): string[] => {
  if (worth === 'settled') throw new Error('every line was spared');
  return bs.flatMap((b, i) => (worth(i) ? [] : [b.chars.map((c) => c.ch).join('')]));
};
/** The same lines read surely, all but `weak` ones (the characters of that line at 0.6). */
const surely = (bs: readonly TextBox[], weak?: string): TextBox[] => bs.map((b) => {
  const text = b.chars.map((c) => c.ch).join('');
  return text === weak ? b : { ...b, chars: b.chars.map((c) => ({ ...c, prob: 0.99 })) };
});

describe('which lines of a licence are read a second time', () => {
  it('spares the lines that hold no field once every field was found', () => {
    const bs = licence();
    // Labels of their own included (all were found); two-character ones are read again all the same.
    expect(texts(bs, licenceLinesWorthReadingAgain()(bs, 0, img))).toEqual(['编号645986264460', '统一社会信用代码', '营业执照', '注册资本', '成立日期', '法定代表人', '经营范围', '粮食收购；普通货物道路运输', '国家企业信用信息公示系统网址']);
  });

  it('reads nothing again once every field was found surely, and only then', () => {
    expect(licenceLinesWorthReadingAgain()(surely(licence()), 0, img)).toBe('settled');
    // The business scope read weakly settles nothing that matters; the capital read weakly does.
    expect(licenceLinesWorthReadingAgain()(surely(licence(), '粮食收购；普通货物道路运输'), 0, img)).toBe('settled');
    expect(texts(licence(), licenceLinesWorthReadingAgain()(surely(licence(), '壹佰万元整'), 0, img))).toContain('粮食收购；普通货物道路运输');
    expect(licenceLinesWorthReadingAgain()(surely(licence(false)), 0, img)).not.toBe('settled');
  });

  it('reads every doubtful line again when a field was not found, or no licence was seen', () => {
    const bs = licence(false);
    expect(texts(bs, licenceLinesWorthReadingAgain()(bs, 0, img))).toEqual([]);
    const other = [box(100, 100, '中华人民共和国居民身份证'), box(100, 200, '签发机关侯马市公安局')];
    expect(texts(other, licenceLinesWorthReadingAgain()(other, 0, img))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { licenceLinesToRead } from './licence-lines';
import { minAreaRect, type Quad } from './paddle/geometry';
import type { TextBox } from './paddle/read-text';

/** A box as the detector and recogniser give it: `text` at (x, y), 40 px a character, 32 px tall. */
function box(x: number, y: number, text: string): TextBox {
  const n = [...text].length;
  const q: Quad = [{ x, y }, { x: x + 40 * n, y }, { x: x + 40 * n, y: y + 32 }, { x, y: y + 32 }];
  return { quad: q, rect: minAreaRect(q), score: 0.8, chars: [...text].map((ch, i) => ({ ch, prob: 0.8, at: (i + 0.5) / n })) };
}

/** The texts of the lines left unread: the short lines read first, then the choice asked about the others. */
function unread(boxes: readonly TextBox[], direction = 0): string[] {
  const isFirst = licenceLinesToRead.first(boxes.map((b) => b.quad), direction);
  const rest = licenceLinesToRead.rest(boxes.map((b, i) => (isFirst(i) ? b : { ...b, chars: [] })), direction);
  return boxes.flatMap((b, i) => (isFirst(i) || rest(i) ? [] : [b.chars.map((c) => c.ch).join('')]));
}

/** A two-column licence: 名称 类型 法定代表人 经营范围 on the left, 注册资本 成立日期 营业期限 住所 on the right. */
const twoColumns = (scopeLabel = '经营范围', addressLabel: TextBox[] = [box(1000, 800, '住'), box(1120, 800, '所')]): TextBox[] => [
  box(120, 100, '编号645986264460'),
  box(120, 170, '统一社会信用代码'),
  box(120, 215, '91141081MA0K12345X'),
  box(650, 300, '营业执照'),
  box(120, 500, '名称'), box(330, 500, '侯马市兴农农业科技有限公司'),
  box(120, 600, '类型'), box(330, 600, '有限责任公司（自然人投资或控股）'),
  box(120, 700, '法定代表人'), box(330, 700, '王秀英'),
  box(1000, 500, '注册资本'), box(1200, 500, '壹佰万元整'),
  box(1000, 600, '成立日期'), box(1200, 600, '2015年03月02日'),
  box(1000, 700, '营业期限'), box(1200, 700, '长期'),
  ...addressLabel, box(1200, 800, '山西省临汾市侯马市新田乡东'),
  box(1200, 850, '庄村幸福大街一百二十三号院内'),
  box(120, 850, scopeLabel), box(330, 850, '粮食收购；农产品初加工服务；农业机械'),
  box(330, 900, '农作物种植；普通货物道路运输；仓储服务'),
  box(120, 1100, '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn'),
];

describe('which lines of a licence are read at all', () => {
  it('leaves the business scope and the footer unread, and reads the address running on beside the scope', () => {
    expect(unread(twoColumns())).toEqual(['粮食收购；农产品初加工服务；农业机械', '农作物种植；普通货物道路运输；仓储服务', '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn']);
  });

  it('finds the scope label with one character misread, on a turned page too', () => {
    expect(unread(twoColumns('经营苑围'))).toHaveLength(3);
    // The same page turned by 30°: positions are taken along the reading direction.
    const a = Math.PI / 6;
    const turned = twoColumns().map((b) => {
      const q = b.quad.map((p) => ({ x: p.x * Math.cos(a) - p.y * Math.sin(a) + 2000, y: p.x * Math.sin(a) + p.y * Math.cos(a) })) as unknown as Quad;
      return { ...b, quad: q, rect: minAreaRect(q) };
    });
    expect(unread(turned, a)).toHaveLength(3);
  });

  it('reads every line when the scope label, the address label or the labels above the scope were not found', () => {
    expect(unread(twoColumns('经营氾圍'))).toEqual([]);
    expect(unread(twoColumns('经营范围', [box(1000, 800, '佳所')]))).toEqual([]);
    expect(unread(twoColumns().filter((b) => !/^(名称|类型|法定代表人|注册资本|成立日期|营业期限)$/.test(b.chars.map((c) => c.ch).join(''))))).toEqual([]);
  });

  it('reads the address running on beside the scope when its spaced label is the only one found in its column', () => {
    const others = /^(注册资本|成立日期|营业期限)$/;
    const bs = [...twoColumns().filter((b) => !others.test(b.chars.map((c) => c.ch).join(''))), box(1200, 900, '幸福大街一百二十三号院内东侧二楼')];
    expect(unread(bs)).toEqual(['粮食收购；农产品初加工服务；农业机械', '农作物种植；普通货物道路运输；仓储服务', '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn']);
  });

  it('reads every line when the address is labelled under the scope in its column', () => {
    const bs = [...twoColumns().filter((b) => !/^[住所]$/.test(b.chars.map((c) => c.ch).join(''))), box(120, 1000, '住所')];
    expect(unread(bs)).toEqual([]);
  });

  it('reads what follows a field label under the scope in its column', () => {
    const bs = [...twoColumns(), box(120, 1000, '注册日期'), box(330, 1000, '二〇一五年三月二日至二〇三五年三月一日长期有效')];
    expect(unread(bs)).toEqual(['粮食收购；农产品初加工服务；农业机械', '农作物种植；普通货物道路运输；仓储服务']);
  });
});

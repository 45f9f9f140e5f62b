import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../identity/resident-id';
import { checkListRow, groupHouseholds, mapListColumns, parseRelation, templateCsv, type ListCells } from './household-list';

const id = (body17: string) => body17 + residentIdCheckChar(body17);
const today = new Date('2026-03-02T00:00:00Z');
const row = (line: number, cells: Partial<ListCells>) => checkListRow({ line, householdNo: '', group: '', name: '某', idNumber: '', relation: '户主', phone: '', ...cells }, today);

describe('village household list', () => {
  it('finds committee column names, with stars and notes around them', () => {
    expect(mapListColumns(['序号', '*户号', '组别', '姓名', '与户主的关系', '身份证号码（18位）', '手机号码'])).toEqual({
      householdNo: '*户号', group: '组别', name: '姓名', relation: '与户主的关系', idNumber: '身份证号码（18位）', phone: '手机号码',
    });
    expect(mapListColumns(['姓名', '电话'])).toMatch(/^表头缺少必填列：与户主关系、身份证号码/);
  });

  it('reads the relation words of real lists', () => {
    expect(['户主', '妻', '长子', '次女', '母亲', '外孙女', '儿媳', '弟弟', '奶奶', '其他亲属'].map(parseRelation)).toEqual([
      'head', 'spouse', 'child', 'child', 'parent', 'grandchild', 'child-in-law', 'sibling', 'grandparent', 'other',
    ]);
    expect(parseRelation('邻居')).toBeNull();
  });

  it('names each problem of a row', () => {
    expect(row(2, { name: '', idNumber: '123', relation: '邻居', phone: '123' }).problems).toEqual([
      '姓名未填写', '身份证号码应为18位', expect.stringContaining('与户主关系“邻居”无法识别'), '联系电话“123”不是有效的手机或座机号码',
    ]);
    expect(row(2, { idNumber: Number('141081198001011234') }).problems).toEqual([expect.stringContaining('被存成了数字')]);
  });

  it('groups by order without 户号 and by 户号 with merged (empty) cells', () => {
    const byOrder = groupHouseholds([
      row(2, { idNumber: id('14108119700101001'), relation: '户主' }),
      row(3, { idNumber: id('14108119720101002'), relation: '配偶' }),
      row(4, { idNumber: id('14108119600101003'), relation: '户主' }),
    ]);
    expect(byOrder.households.map((h) => h.lines)).toEqual([[2, 3], [4]]);
    const merged = groupHouseholds([
      row(2, { householdNo: '7', idNumber: id('14108119700101001'), relation: '配偶' }),
      row(3, { householdNo: '', idNumber: id('14108119680101003'), relation: '户主' }),
      row(4, { householdNo: '8', idNumber: id('14108119600101005'), relation: '户主' }),
    ]);
    expect(merged.households.map((h) => [h.householdNo, h.members[0]!.relation, h.lines])).toEqual([['7', 'head', [2, 3]], ['8', 'head', [4]]]);
  });

  it('the template is a list the importer accepts whole', () => {
    const [header, ...lines] = templateCsv().trim().split('\r\n');
    const mapping = mapListColumns(header!.split(','));
    expect(typeof mapping).toBe('object');
    const rows = lines.map((l, i) => {
      const [householdNo, group, name, relation, idNumber, phone] = l.split(',') as string[];
      return checkListRow({ line: i + 2, householdNo: householdNo!, group: group!, name: name!, relation: relation!, idNumber: idNumber!, phone: phone! }, today);
    });
    expect(groupHouseholds(rows)).toMatchObject({ refusedLines: 0, households: [{ householdNo: '1' }, { householdNo: '2' }] });
  });
});

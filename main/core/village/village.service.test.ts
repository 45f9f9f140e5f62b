import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../i18n/translate';
import { createTestCore } from '../testing/test-core';
import { listCsv, listXlsx, residentId, villageList, type ListPerson } from '../testing/household-lists';
import { listDigest } from './village.docs';

const b64 = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64');
let fixedList = '';
const file = (village: string, fileName: string, data: string | Buffer) => ({ village, fileName, contentBase64: b64(data) });

const listFile = (village: string, fileName: string, data: string) => file(village, fileName, data);

describe('village household list import', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let m: string;
  beforeAll(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z') });
    m = await t.login('M001');
  });
  afterAll(async () => t.dispose());

  const householdCount = async () => (await t.call('village.villages', {}, m)).reduce((s, v) => s + v.households, 0);

  it('previews every problem per line, imports only whole good households, and a re-import changes nothing', async () => {
    const good = villageList(6, 11);
    const existingHead = good.find((p) => p.户号 === '2' && p.与户主关系 === '户主')!;
    await t.call('customers.create', { customer: { kind: 'individual', name: existingHead.姓名, idNumber: existingHead.身份证号码, phone: '13900000001', address: '侯马市上马村', village: '上马村', group: 'farmer' } }, m);
    const wrongCheck = residentId('19800101', 11).slice(0, 17) + (residentId('19800101', 11).endsWith('0') ? '1' : '0');
    const bad: ListPerson[] = [
      // 户号 7: a child older than the head; 户号 8: no head; 户号 9: two heads; 户号 10: a bad check digit; 户号 11: a person listed in 户号 1 too.
      { 户号: '7', 村民小组: '一组', 姓名: '赵大', 与户主关系: '户主', 身份证号码: residentId('19900101', 1), 联系电话: '13800000007' },
      { 户号: '7', 村民小组: '一组', 姓名: '赵小', 与户主关系: '儿子', 身份证号码: residentId('19700101', 3), 联系电话: '' },
      { 户号: '8', 村民小组: '一组', 姓名: '钱二', 与户主关系: '配偶', 身份证号码: residentId('19710101', 2), 联系电话: '' },
      { 户号: '9', 村民小组: '二组', 姓名: '孙三', 与户主关系: '户主', 身份证号码: residentId('19720101', 5), 联系电话: '' },
      { 户号: '9', 村民小组: '二组', 姓名: '孙四', 与户主关系: '户主', 身份证号码: residentId('19730101', 7), 联系电话: '' },
      { 户号: '10', 村民小组: '二组', 姓名: '李五', 与户主关系: '户主', 身份证号码: wrongCheck, 联系电话: '' },
      { 户号: '11', 村民小组: '二组', 姓名: '周六', 与户主关系: '户主', 身份证号码: good[0]!.身份证号码, 联系电话: '' },
    ];
    const withErrors = listCsv([...good, ...bad]);
    const preview = await t.call('village.previewImport', file('上马村', '上马村花名册.csv', withErrors), m);
    expect(preview.households).toBe(5); // 户号 1 shares an ID with 户号 11: both refused
    expect(preview.newHouseholds).toBe(5);
    expect(preview.linkedCustomers).toBe(1);
    expect(preview.sample.find((h) => h.householdNo === '2')!.linkedCustomers).toEqual([{ name: existingHead.姓名, customerId: expect.stringMatching(/^customer:/) }]);
    const byLine = new Map(preview.problems.map((p) => [p.line, p.messageZh]));
    const lineOf = (no: string, rel = '户主') => 2 + [...good, ...bad].findIndex((p) => p.户号 === no && p.与户主关系 === rel);
    expect(byLine.get(lineOf('7', '儿子'))).toContain('登记为子女，但出生日期');
    expect(byLine.get(lineOf('8', '配偶'))).toContain('没有户主');
    expect(byLine.get(lineOf('9'))).toContain('2个户主');
    expect(byLine.get(lineOf('10'))).toContain('校验位不正确');
    expect(byLine.get(lineOf('11'))).toContain(`身份证号码在文件中重复（另见第${lineOf('1')}行）`);
    expect(byLine.get(lineOf('1', '配偶'))).toBe('同户其他行有误，整户未导入');
    expect(preview.refusedLines).toBe(preview.problems.length);
    expect(preview.sample[0]!.preCreditFen).toBeGreaterThan(0);
    expect(await householdCount()).toBe(0); // a preview writes nothing

    const imported = await t.call('village.importHouseholds', file('上马村', '上马村花名册.csv', withErrors), m);
    expect(imported).toMatchObject({ created: 5, updated: 0, unchanged: 0, refusedLines: preview.refusedLines });
    expect(await householdCount()).toBe(5);

    // The committee fixes the list: the refused households come in, the others are found unchanged.
    fixedList = listCsv([...good, ...bad.filter((p) => ['7', '9'].includes(p.户号)).map((p) => ({ ...p, 与户主关系: p.姓名 === '赵小' ? '父亲' : p.姓名 === '孙四' ? '兄弟姐妹' : p.与户主关系 }))]);
    const again = await t.call('village.importHouseholds', file('上马村', '上马村花名册-改.csv', fixedList), m);
    expect(again).toMatchObject({ created: 3, updated: 0, unchanged: 5, refusedLines: 0 });
    const same = await t.call('village.importHouseholds', file('上马村', '上马村花名册-改.csv', fixedList), m);
    expect(same).toEqual({ importId: null, created: 0, updated: 0, unchanged: 8, refusedLines: 0 });
    const households = await t.call('village.households', { village: '上马村' }, m);
    expect(households).toHaveLength(8);
    expect(households.find((h) => h.householdNo === '2')!.members[0]!.customerId).toMatch(/^customer:/);
    const audited = t.core.store.sql.prepare("SELECT COUNT(*) AS n FROM audit_index WHERE action = 'village.importHouseholds'").get() as { n: number };
    expect(audited.n).toBe(2); // the third import changed nothing and wrote nothing
  }, 120_000);

  it('a household file moves the pre-credit, is audited, and survives a re-import of the list', async () => {
    const [du] = await t.call('village.households', { village: '上马村', limit: 1 }, m);
    const file = {
      landTenthMu: 125, crops: '小麦', livestock: { cattle: 0, pigs: 10, sheep: 0 }, machinery: '', machineryValueFen: null, house: '砖房',
      annualIncomeFen: 8_000_000, debtsFen: 2_000_000, awayIdNumbers: [du!.members[1]!.idNumber], gps: { lat: 35.62, lon: 111.37, accuracyM: 20 }, note: '',
    };
    const saved = await t.call('village.saveFile', { id: du!.id, rev: du!.rev, file }, m);
    const labourers = du!.preCredit.reasons.find((r) => r.code === 'labour')!.amountFen;
    expect(saved.preCredit.limitFen).toBe(Math.floor((labourers + 1_250_000 + 800_000 + 4_000_000 - 2_000_000) / 100_000) * 100_000);
    expect(saved.file).toMatchObject({ crops: '小麦', filedBy: 'M001' });
    expect(t.core.store.sql.prepare("SELECT after_json FROM audit_index WHERE action = 'village.saveFile' AND entity = ?").all(du!.id)).toEqual([{ after_json: expect.stringContaining(`"preCreditFen":${saved.preCredit.limitFen}`) }]);
    expect((await t.fail('village.saveFile', { id: du!.id, rev: du!.rev, file }, m)).code).toBe('CONFLICT');
    expect((await t.fail('village.saveFile', { id: du!.id, rev: saved.rev, file: { ...file, awayIdNumbers: [residentId('19900101', 99)] } }, m)).key).toBe('village.notAMember');
    expect((await t.fail('village.saveFile', { id: du!.id, rev: saved.rev, file }, await t.login('T001'))).code).toBe('FORBIDDEN');
    const again = await t.call('village.importHouseholds', listFile('上马村', '上马村花名册-改.csv', fixedList), m);
    expect(again.created + again.updated).toBe(0);
    expect((await t.call('village.household', { id: du!.id }, m)).preCredit.limitFen).toBe(saved.preCredit.limitFen);
    // The committee corrects the head's phone: that household alone is rewritten, on top of the filed revision.
    const head = du!.members[0]!;
    const corrected = fixedList.replace(`${head.idNumber},${head.phone}`, `${head.idNumber},13911112222`);
    expect(corrected).not.toBe(fixedList);
    expect(await t.call('village.importHouseholds', listFile('上马村', '上马村花名册-电话.csv', corrected), m)).toMatchObject({ created: 0, updated: 1 });
    const after = await t.call('village.household', { id: du!.id }, m);
    expect(after).toMatchObject({ members: expect.arrayContaining([expect.objectContaining({ idNumber: head.idNumber, phone: '13911112222' })]), file: expect.objectContaining({ crops: '小麦' }) });
    expect(after.rev).toMatch(/^3-[0-9a-f]{32}$/);
    expect(await t.core.store.pouch.get(du!.id, { conflicts: true })).not.toHaveProperty('_conflicts');
    expect((await t.call('village.importHouseholds', listFile('上马村', '上马村花名册-电话.csv', corrected), m)).updated).toBe(0);
  });

  it('reads a GB18030 CSV with committee column names and an Excel list with merged 户号 cells', async () => {
    const people = villageList(3, 21, 101);
    const gbk = iconv.encode(listCsv(people, ['户编号', '组别', '成员姓名', '关系', '公民身份号码', '手机号']), 'gb18030');
    const fromGbk = await t.call('village.previewImport', file('下马村', 'gbk.csv', gbk), m);
    expect(fromGbk).toMatchObject({ households: 3, refusedLines: 0, goodLines: people.length });

    const merged = villageList(4, 22, 201);
    const xlsx = await listXlsx(merged);
    const fromXlsx = await t.call('village.previewImport', file('下马村', '花名册.xlsx', xlsx), m);
    expect(fromXlsx).toMatchObject({ households: 4, refusedLines: 0, goodLines: merged.length });
    expect(fromXlsx.sample.map((h) => h.group)).toEqual(['一组', '二组', '三组', '四组']);
  });

  it('refuses what cannot be a household list with a clear message and saves nothing', async () => {
    const before = await householdCount();
    const noId = await t.fail('village.importHouseholds', file('下马村', 'x.csv', '姓名,电话\n张三,13800000000\n'), m);
    expect(noId.message).toContain('表头缺少必填列：与户主关系、身份证号码');
    const xls = await t.fail('village.previewImport', file('下马村', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), m);
    expect(xls.message).toContain('不支持旧版 Excel');
    const huge = listCsv(Array.from({ length: 100_001 }, (_, i) => ({ 户号: String(i), 村民小组: '', 姓名: '某', 与户主关系: '户主', 身份证号码: '1', 联系电话: '' })));
    const tooMany = await t.fail('village.importHouseholds', file('下马村', 'huge.csv', huge), m);
    expect(tooMany.message).toBe('农户名单无法导入：文件超过100000行数据，请按村分开导入');
    // The English desk says the same (the reader's refusals carry both wordings out of the import worker).
    expect(translate(tooMany.key, tooMany.params, 'en')).toBe('Cannot import the household list: The file has more than 100000 data rows; import each village separately');
    expect(translate(xls.key, xls.params, 'en')).toContain('Old Excel files (.xls) are not supported');
    const allBad = await t.fail('village.importHouseholds', file('下马村', 'bad.csv', '姓名,与户主关系,身份证号码\n张三,户主,123\n'), m);
    expect(allBad.message).toContain('没有可导入的农户');
    expect(await householdCount()).toBe(before);
  }, 120_000);

  it('duplicate heads of household: one person heading two households, two heads in one — both refused whole, nothing half-saved', async () => {
    const before = await householdCount();
    const [wang, li, zhang, zhao, sun] = [residentId('19700101', 11), residentId('19720202', 22), residentId('19680303', 33), residentId('19750404', 45), residentId('19950505', 57)];
    const list = listCsv([
      { 户号: '1', 村民小组: '一组', 姓名: '王建国', 与户主关系: '户主', 身份证号码: wang, 联系电话: '13835710001' },
      { 户号: '1', 村民小组: '一组', 姓名: '李秀英', 与户主关系: '配偶', 身份证号码: li, 联系电话: '' },
      // The same head again as household 2's head (the committee copied a line).
      { 户号: '2', 村民小组: '一组', 姓名: '王建国', 与户主关系: '户主', 身份证号码: wang, 联系电话: '13835710001' },
      // Household 3 has two heads.
      { 户号: '3', 村民小组: '二组', 姓名: '张志强', 与户主关系: '户主', 身份证号码: zhang, 联系电话: '13835710003' },
      { 户号: '3', 村民小组: '二组', 姓名: '赵桂兰', 与户主关系: '户主', 身份证号码: zhao, 联系电话: '' },
      // Household 4 is good.
      { 户号: '4', 村民小组: '二组', 姓名: '孙浩然', 与户主关系: '户主', 身份证号码: sun, 联系电话: '13835710004' },
    ]);
    const preview = await t.call('village.previewImport', listFile('重名村', '重复户主.csv', list), m);
    expect(preview).toMatchObject({ households: 1, refusedLines: 5, newHouseholds: 1 });
    const byLine = new Map(preview.problems.map((p) => [p.line, p.messageZh]));
    expect(byLine.get(2)).toContain('身份证号码在文件中重复（另见第4行）');
    expect(byLine.get(3)).toBe('同户其他行有误，整户未导入');
    expect(byLine.get(4)).toContain('身份证号码在文件中重复（另见第2行）');
    expect(byLine.get(5)).toBe('户号3：该户有2个户主（张志强、赵桂兰），每户只能有一个户主');
    expect(byLine.get(6)).toBe('户号3：该户有2个户主（张志强、赵桂兰），每户只能有一个户主');
    const done = await t.call('village.importHouseholds', listFile('重名村', '重复户主.csv', list), m);
    expect(done).toMatchObject({ created: 1, refusedLines: 5 });
    expect((await t.call('village.households', { village: '重名村' }, m)).map((h) => h.headName)).toEqual(['孙浩然']);
    expect(await householdCount()).toBe(before + 1);
  });

  it('a list longer than one lookup (over 500 ID numbers): a customer far down the list is linked, the stored digests match, a re-import changes nothing', async () => {
    const people = villageList(200, 12, 1, '141002');
    expect(people.length).toBeGreaterThan(600);
    const late = people.filter((p) => p.与户主关系 === '户主').at(-1)!; // the last household's head: past the first 500 IDs
    await t.call('customers.create', { customer: { kind: 'individual', name: late.姓名, idNumber: late.身份证号码, phone: '13900000002', address: '侯马市下马村', village: '下马村', group: 'farmer' } }, m);
    const list = listCsv(people);
    const preview = await t.call('village.previewImport', file('下马村', '下马村.csv', list), m);
    expect(preview).toMatchObject({ households: 200, newHouseholds: 200, linkedCustomers: 1 });
    expect(await t.call('village.importHouseholds', file('下马村', '下马村.csv', list), m)).toMatchObject({ created: 200 });
    const stored = t.core.store.sql.prepare("SELECT id, list_digest AS digest FROM household_index WHERE village = '下马村'").all() as { id: string; digest: string }[];
    const households = await t.call('village.households', { village: '下马村', limit: 500 }, m);
    const digests = new Map(stored.map((r) => [r.id, r.digest]));
    for (const h of households) expect(digests.get(h.id)).toBe(listDigest(h));
    expect(households.flatMap((h) => h.members).find((p) => p.idNumber === late.身份证号码)!.customerId).toMatch(/^customer:/);
    expect(await t.call('village.importHouseholds', file('下马村', '下马村.csv', list), m)).toEqual({ importId: null, created: 0, updated: 0, unchanged: 200, refusedLines: 0 });
  }, 120_000);

  it('a member struck off the list leaves the household\'s member rows; the others stay found by ID number', async () => {
    const people = villageList(4, 13, 1, '141021');
    const gone = people.find((p) => p.户号 === '1' && p.与户主关系 !== '户主')!;
    expect(await t.call('village.importHouseholds', file('中马村', '中马村.csv', listCsv(people)), m)).toMatchObject({ created: 4 });
    const householdOf = (idNumber: string) =>
      (t.core.store.sql.prepare('SELECT household_id AS id FROM household_member WHERE id_number = ?').all(idNumber) as { id: string }[]).map((r) => r.id);
    const [first] = householdOf(gone.身份证号码);
    expect(first).toMatch(/^household:/);
    const fewer = people.filter((p) => p !== gone);
    expect(await t.call('village.importHouseholds', file('中马村', '中马村-改.csv', listCsv(fewer)), m)).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(householdOf(gone.身份证号码)).toEqual([]);
    for (const p of fewer) expect(householdOf(p.身份证号码)).toHaveLength(1);
    expect(householdOf(fewer.find((p) => p.户号 === '1')!.身份证号码)).toEqual([first]);
    const rows = t.core.store.sql.prepare("SELECT COUNT(*) AS n FROM household_member WHERE household_id IN (SELECT id FROM household_index WHERE village = '中马村')").get() as { n: number };
    expect(rows.n).toBe(fewer.length);
  });

  it('numeric ID cells (Excel lost the digits) are refused with the fix named', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['姓名', '与户主关系', '身份证号码']);
    ws.addRow(['张三', '户主', 141081198001010000]);
    const preview = await t.call('village.previewImport', file('下马村', 'n.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), m);
    expect(preview.problems[0]!.messageZh).toContain('设为“文本”格式');
  });
});

import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { usccCheckChar } from '../../../domain/identity/uscc';
import { createTestCore } from '../testing/test-core';

const validId = (body17: string) => body17 + residentIdCheckChar(body17);
const uscc = (body17: string) => body17 + usccCheckChar(body17);

describe('ownership look-through and merchant flows feeding the models', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z') });
  });
  afterEach(async () => t.dispose());

  it('penetrates through a shareholding company that is also a customer, names the method and feeds the risk facts', async () => {
    const m = await t.login('M001');
    const wang = validId('14108119800101001');
    const holdco = uscc('91141081MA0K0001X');
    await t.call('customers.create', { customer: { kind: 'enterprise', name: '山西汾浍投资有限公司', uscc: holdco, phone: '0357-4220001', address: '侯马市', legalRepresentative: '王海燕',
      shareholders: [{ kind: 'person', name: '王海燕', idNumber: wang, shareBp: 6000 }, { kind: 'person', name: '赵强', shareBp: 4000 }] } }, m);
    const target = await t.call('customers.create', { customer: { kind: 'enterprise', name: '侯马市汾浍商贸有限公司', uscc: uscc('91141081MA0K0002X'), phone: '0357-4220002', address: '侯马市', legalRepresentative: '王海燕',
      shareholders: [{ kind: 'person', name: '王海燕', idNumber: wang, shareBp: 2000 }, { kind: 'company', name: '山西汾浍投资有限公司', idNumber: holdco, shareBp: 5000 }, { kind: 'company', name: '外地某控股公司', shareBp: 3000 }] } }, m);

    const view = await t.call('credit.ownership', { customerId: target.id, method: 'integrated' }, m);
    expect(view.methodName).toBe('综合持股法 P·(I−W)⁻¹');
    // 王海燕: 20% direct + 60% × 50% = 50%; 赵强: 40% × 50% = 20%.
    expect(view.owners.map((o) => [o.name, o.sharePct, o.isBeneficialOwner])).toEqual([['王海燕', '50.00%', true], ['赵强', '20.00%', false]]);
    expect(view.owners[0]!.paths.map((p) => [p.names.join('→'), p.sharePct])).toEqual([
      ['王海燕→侯马市汾浍商贸有限公司', '20.00%'],
      ['王海燕→山西汾浍投资有限公司→侯马市汾浍商贸有限公司', '30.00%'],
    ]);
    expect(view.actualController).toEqual({ name: '王海燕', basis: 'majority-control' });
    expect(view.opaqueCompanies).toEqual(['外地某控股公司']);
    expect(view.edges).toHaveLength(5);

    const app = await t.call('loans.createDraft', { customerId: target.id, productCode: 'enterprise', patch: { collectedData: ['id-card', 'ownership'] } }, m);
    expect(app.facts).toMatchObject({ enterpriseActualControllerIdentified: true, enterpriseOwnershipCycle: false, enterpriseRelatedPartyCount: 1, age: 46, regionCode: '141081' });
    expect(app.ownership).toMatchObject({ beneficialOwners: ['王海燕'], actualController: '王海燕' });
  });

  it('imports a merchant’s POS export (CSV in GBK, and Excel) into the limit facts', async () => {
    const teller = await t.login('T001');
    const c = await t.call('customers.create', { customer: { kind: 'individual', name: '刘记干货', idNumber: validId('14108119780505002'), phone: '13903570001', address: '侯马市晋南农副产品批发市场', group: 'merchant' } }, teller);
    let app = await t.call('loans.createDraft', { customerId: c.id, productCode: 'merchant' }, teller);
    const lines = ['交易日期,收支,交易金额,对方户名'];
    for (let month = 3; month <= 12; month++) lines.push(`2025-${String(month).padStart(2, '0')}-15,收入,"100,000.00",零售`, `2025-${String(month).padStart(2, '0')}-20,支出,30000,进货`);
    lines.push('2026-01-15,收入,100000.00,零售', '2026-02-10,收入,100000.00,零售', '2026-02-11,收入,不是金额,零售');
    const gbk = new TextEncoder().encode(lines.join('\n'));
    // Re-encode as GB18030 through the same decoder the core uses, to prove non-UTF-8 files are read.
    const iconv = (await import('iconv-lite')).default;
    const gbBytes = iconv.encode(new TextDecoder().decode(gbk), 'gb18030');
    app = await t.call('loans.importFlows', { id: app.id, rev: app.rev, fileName: 'pos.csv', contentBase64: Buffer.from(gbBytes).toString('base64') }, teller);
    expect(app.collectedData).toContain('merchant-flows');
    expect(app.flows!.rows).toBe(22);
    expect(app.flows!.errors.map((e) => e.messageZh)).toEqual(['第24行：交易金额「不是金额」不是有效金额（最多两位小数）']);
    expect(app.facts).toMatchObject({ annualTurnoverFen: 120_000_000, turnoverStabilityBp: 10_000, flowMonths: 12 });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('流水');
    ws.addRow(['日期', '收入', '支出']);
    ws.addRow([new Date(Date.UTC(2026, 0, 5)), 5000, null]);
    // One row with both columns nets them: 15,000.50 in, 200 out.
    ws.addRow(['2026-02-06', 15000.5, 200]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    app = await t.call('loans.importFlows', { id: app.id, rev: app.rev, fileName: 'erp.xlsx', contentBase64: xlsx.toString('base64') }, teller);
    expect(app.flows!.analysis.months.map((x) => [x.month, x.inflowFen])).toEqual([['2026-01', 500_000], ['2026-02', 1_480_050]]);
    expect(app.facts.annualTurnoverFen).toBe(Math.floor((500_000 + 1_480_050) / 2) * 12);

    const empty = await t.fail('loans.importFlows', { id: app.id, rev: app.rev, fileName: 'x.csv', contentBase64: Buffer.from('名称,备注\n甲,乙').toString('base64') }, teller);
    expect(empty.message).toBe('流水文件无法导入：找不到日期列（如“交易日期”）');
  });
});

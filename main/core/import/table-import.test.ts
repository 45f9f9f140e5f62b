import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, FlowRow } from '../../../domain/credit/merchant-flows';
import { merchantFlowsImporter } from '../credit/flows-import';
import { posCsv, xlsxWithRows } from '../testing/flow-files';
import { runImporter, type TableImporter } from './importer';
import { importTable } from './table-import';
import { readTable, TableReadError, type Cell, type ReadLimits } from './table-reader';

const asOf = '2026-01-10';
const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const flows = (b: Uint8Array) => runImporter(merchantFlowsImporter, b, { asOf });
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof TableReadError) return e.messageZh;
    throw e;
  }
  throw new Error('expected a refusal');
};

/** Everything a reader yields, for looking at cells themselves. */
async function table(b: Uint8Array, limits: Partial<ReadLimits> = {}) {
  const out: { header: string[]; rows: [number, Record<string, Cell>][] } = { header: [], rows: [] };
  await readTable(b, { maxRows: 1000, maxColumns: 64, maxPartBytes: 1 << 26, ...limits }, {
    header: (h) => (out.header = h),
    row: (r, line) => out.rows.push([line, r]),
  });
  return out;
}

describe('CSV flows', () => {
  it('reads a Chinese POS export with a BOM and a direction column, and names bad lines by number', async () => {
    const csv = '\uFEFF交易日期,交易金额,收支,对方户名,摘要\n2025-03-01,"1,200.50",收入,张三,货款\n2025/03/02,300,支出,李四,进货\n2025-03-03,abc,收入,,\n2025-03-04,0,收入,,作废\n';
    const r = await flows(bytes(csv));
    expect(r.rows).toBe(2);
    expect(r.analysis.months.map((m) => [m.month, m.inflowFen, m.outflowFen])).toContainEqual(['2025-03', 120_050, 30_000]);
    expect(r.errors).toEqual([{ line: 4, messageZh: '第4行：交易金额「abc」不是有效金额（最多两位小数）' }]);
    expect(r.errorCount).toBe(1);
  });

  it('reads GBK files, separate 收入/支出 columns and signed amounts', async () => {
    const gbk = new Uint8Array(iconv.encode('日期,收入,支出\n2025-01-05,100.00,\n2025-01-06,,40\n', 'gb18030'));
    expect((await flows(gbk)).analysis.totalInflowFen).toBe(10_000);
    expect((await flows(bytes('date,amount\n2025-01-05,-7.5\n'))).analysis.months[0]).toMatchObject({ outflowFen: 750 });
  });

  it('says which column is missing, also for an empty file', async () => {
    expect(await refusal(flows(bytes('时间戳,金额\n1,2\n')))).toBe('找不到日期列（如“交易日期”）');
    expect(await refusal(flows(bytes('')))).toBe('找不到日期列（如“交易日期”）');
  });

  it('stops reading at the row limit instead of reading the whole file', async () => {
    const small: TableImporter<ColumnMapping, FlowRow, null, number> = {
      ...merchantFlowsImporter,
      limits: { ...merchantFlowsImporter.limits, maxRows: 100 },
      finish: (r) => r.rows.length,
    };
    expect(await runImporter(small, bytes(posCsv(100)), null)).toBe(100);
    expect(await refusal(runImporter(small, bytes(posCsv(101)), null))).toBe('文件超过100行数据，请缩小导出范围后再导入');
  });
});

describe('xlsx flows', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet: shared and inline strings, numbers, formulas, and dates by their format', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('流水');
      ws.addRow(['日期', '收入', '支出', '备注']);
      ws.addRow([new Date(Date.UTC(2025, 11, 5)), 5000, null, '现金']);
      ws.addRow(['2025-12-06', 15000.5, 200, { richText: [{ text: '转' }, { text: '账' }] }]);
      ws.addRow([new Date(Date.UTC(2025, 11, 7)), { formula: 'B2*2', result: 10000 }, null, null]);
      ws.getCell('A4').numFmt = 'yyyy"年"m"月"d"日"';
      wb.addWorksheet('别的表').addRow(['不读', '这里']);
    });
    const t = await table(file);
    expect(t.header).toEqual(['日期', '收入', '支出', '备注']);
    expect(t.rows).toEqual([
      [2, { 日期: new Date(Date.UTC(2025, 11, 5)), 收入: 5000, 支出: null, 备注: '现金' }],
      [3, { 日期: '2025-12-06', 收入: 15000.5, 支出: 200, 备注: '转账' }],
      [4, { 日期: new Date(Date.UTC(2025, 11, 7)), 收入: 10000, 支出: null, 备注: null }],
    ]);
    const r = await flows(file);
    expect(r.rows).toBe(3);
    expect(r.analysis.months.at(-1)).toMatchObject({ month: '2025-12', inflowFen: 500_000 + 1_500_050 - 20_000 + 1_000_000 });
  });

  it('answers a garbage or old-format Excel file with a message a teller can act on', async () => {
    const unreadable = '无法读取 Excel 文件：文件已损坏或不是有效的 .xlsx 文件，请用 Excel 打开后另存为 .xlsx 或 CSV';
    expect(await refusal(flows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('not really a zip at all')])))).toBe(unreadable);
    const notAWorkbook = new JSZip();
    notAWorkbook.file('hello.txt', 'hi');
    expect(await refusal(flows(new Uint8Array(await notAWorkbook.generateAsync({ type: 'uint8array' }))))).toBe(unreadable);
    const brokenSheet = await JSZip.loadAsync(new Uint8Array(await xlsxWithRows(3)));
    brokenSheet.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row><c><v>1</row>');
    expect(await refusal(flows(new Uint8Array(await brokenSheet.generateAsync({ type: 'uint8array' }))))).toBe(unreadable);
    expect(await refusal(flows(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toMatch(/不支持旧版 Excel（\.xls）/);
  });

  it('reads the same rows whether the parts are deflated (zlib) or stored (JSZip), and refuses a damaged sheet', async () => {
    const deflated = new Uint8Array(await xlsxWithRows(50));
    const zip = await JSZip.loadAsync(deflated);
    const stored = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
    const expected = await table(deflated);
    expect(expected.rows).toHaveLength(50);
    expect(await table(stored)).toEqual(expected);
    // A sheet whose compressed bytes are damaged is refused, not read as a shorter table.
    const copy = new Uint8Array(deflated);
    const entry = ((await JSZip.loadAsync(copy)).file('xl/worksheets/sheet1.xml') as unknown as { _data: { compressedContent: Uint8Array } })._data;
    const at = entry.compressedContent.byteOffset - copy.byteOffset;
    copy.fill(0xff, at + 8, at + entry.compressedContent.length);
    expect(await refusal(table(copy))).toMatch(/无法读取 Excel 文件/);
  });

  it('refuses a sheet that inflates past the part limit, counting as it inflates', async () => {
    const file = new Uint8Array(await xlsxWithRows(20_000));
    expect(file.length).toBeLessThan(20_000);
    expect(await refusal(table(file, { maxPartBytes: 256 * 1024, maxRows: 100_000 }))).toMatch(/解压后过大/);
    expect(await refusal(table(file, { maxRows: 10_000 }))).toBe('文件超过10000行数据，请缩小导出范围后再导入');
    // Parts held whole (shared strings, styles) get far less room than the streamed sheet.
    const strings = await JSZip.loadAsync(file);
    strings.file('xl/sharedStrings.xml', `<sst>${'<si><t>甲乙丙</t></si>'.repeat(700_000)}</sst>`);
    const fat = await strings.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    expect(await refusal(table(fat))).toMatch(/sharedStrings\.xml 超过 16 MB/);
  }, 60_000);
});

describe('importTable: in a worker of its own', () => {
  it('returns the importer summary, not the rows', async () => {
    const r = await importTable('merchant-flows', bytes(posCsv(5000)), { asOf });
    expect(r).toMatchObject({ rows: 5000, errorCount: 0 });
    expect(r.analysis.months).toHaveLength(12);
  });

  it('refuses the 3-million-row workbook (under 2 MB) at the row limit', async () => {
    const bomb = new Uint8Array(await xlsxWithRows(3_000_000));
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    expect(await refusal(importTable('merchant-flows', bomb, { asOf }))).toBe('文件超过200000行数据，请缩小导出范围后再导入');
  }, 60_000);

  it('ends an import that overruns its processor time, saying so in Chinese and English', async () => {
    const err = await importTable('merchant-flows', bytes(posCsv(50_000)), { asOf }, { cpuMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableReadError);
    expect((err as TableReadError).messageZh).toMatch(/^文件处理超时：已计算0秒仍未读完/);
    expect((err as TableReadError).messageEn).toMatch(/^File processing timed out: still not read after 0 s of computing/);
  }, 60_000);

  it('keeps a worker for the next file, charging each file only its own processor time, and recovers after a refusal or an overrun', async () => {
    // Hundreds of ms of one thread's time: a kept worker charged with it would overrun the 150 ms budget below.
    expect((await importTable('merchant-flows', bytes(posCsv(50_000)), { asOf })).rows).toBe(50_000);
    expect((await importTable('merchant-flows', bytes(posCsv(20)), { asOf }, { cpuMs: 150 })).rows).toBe(20);
    expect(await refusal(importTable('merchant-flows', bytes('时间戳,金额\n1,2\n'), { asOf }))).toBe('找不到日期列（如“交易日期”）');
    expect((await importTable('merchant-flows', bytes(posCsv(20)), { asOf })).rows).toBe(20);
    await importTable('merchant-flows', bytes(posCsv(50_000)), { asOf }, { cpuMs: 5 }).catch(() => undefined);
    expect((await importTable('merchant-flows', bytes(posCsv(20)), { asOf })).rows).toBe(20);
  }, 120_000);
});

import ExcelJS from 'exceljs';
import { detectColumns, mapFlowRecord, mappingProblemZh, parseFlowsCsv, type FlowRow, type ParsedFlows } from '../../../domain/credit/merchant-flows';

/** Chinese POS and bank exports are often GB18030 (GBK); a file that is not valid UTF-8 is read as that. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const isZip = (b: Uint8Array) => b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** First worksheet, header in row 1; cells go through the same mapping as CSV fields. */
export async function parseFlowsXlsx(bytes: Uint8Array): Promise<ParsedFlows> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ line: 1, messageZh: '工作簿中没有工作表' }], mapping: {} };
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = String(cell.text ?? '').trim();
  });
  const mapping = detectColumns(headers);
  const problem = mappingProblemZh(mapping);
  if (problem) return { rows: [], errors: [{ line: 1, messageZh: problem }], mapping };
  const rows: FlowRow[] = [];
  const errors: ParsedFlows['errors'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const record: Record<string, unknown> = {};
    headers.forEach((h, i) => {
      if (h) record[h] = row.getCell(i + 1).value;
    });
    const m = mapFlowRecord(record, mapping);
    if ('error' in m) errors.push({ line: r, messageZh: `第${r}行：${m.error}` });
    else if ('row' in m) rows.push(m.row);
  }
  return { rows, errors, mapping };
}

/** A CSV or Excel export, told apart by content (xlsx is a zip), not by the file name a user may have changed. */
export async function parseFlowsFile(bytes: Uint8Array): Promise<ParsedFlows> {
  if (isZip(bytes)) return parseFlowsXlsx(bytes);
  return parseFlowsCsv(decodeText(bytes));
}

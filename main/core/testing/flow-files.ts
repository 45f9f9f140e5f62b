import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Flow files as attackers and merchants bring them, for tests and the import benchmark. The "bomb" is built by hand
 * (millions of rows compress to under 2 MB); ordinary workbooks come from exceljs in the tests, so the reader is
 * not only ever fed files shaped by its own idea of xlsx.
 */

const PACKAGE = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="流水" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  'xl/sharedStrings.xml':
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>交易日期</t></si><si><t>交易金额</t></si><si><t>2025-06-15</t></si></sst>',
};

/** A stored zip (deflate, no zip64) written with Node's own zlib: fast enough for hundreds of MB of sheet. */
async function zipOf(entries: { name: string; chunks: Iterable<string> }[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, chunks } of entries) {
    let crc = 0;
    let size = 0;
    // Compressed as it is produced, so the inflated sheet is never held whole.
    const deflate = createDeflateRaw({ level: 9 });
    const compressed: Uint8Array[] = [];
    deflate.on('data', (c: Uint8Array) => compressed.push(c));
    const done = new Promise((r) => deflate.on('end', r));
    for (const chunk of chunks) {
      const b = new Uint8Array(Buffer.from(chunk));
      crc = crc32(b, crc);
      size += b.length;
      if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
    }
    deflate.end();
    await done;
    const data = Buffer.concat(compressed);
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    out.push(local, fileName, data);
    central.push(dir, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const cd = Buffer.concat(central.map((x) => new Uint8Array(x)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, end].map((x) => new Uint8Array(x)));
}

/**
 * An .xlsx whose one sheet holds a header and `rows` identical flow lines. Row and cell references are optional
 * in the format, and without them the lines repeat exactly: 3,000,000 rows compress to under 2 MB — the file
 * that once held the branch host for minutes.
 */
export function xlsxWithRows(rows: number): Promise<Buffer> {
  const ROW = '<row><c t="s"><v>2</v></c><c><v>88.5</v></c></row>';
  const block = ROW.repeat(5000);
  function* sheet() {
    yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>';
    for (let left = rows; left > 0; left -= 5000) yield left >= 5000 ? block : ROW.repeat(left);
    yield '</sheetData></worksheet>';
  }
  return zipOf([...Object.entries(PACKAGE).map(([name, xml]) => ({ name, chunks: [xml] })), { name: 'xl/worksheets/sheet1.xml', chunks: sheet() }]);
}

/**
 * A POS terminal's export as CSV, `rows` lines spread over the twelve months of `year`, with the columns such exports
 * carry (time, terminal, masked card, fee, reference): about 100 bytes a line, so 10 MB is about 100,000 lines.
 */
export function posCsv(rows: number, year = 2025): string {
  const lines = ['交易日期,交易时间,终端号,卡号,收支,交易金额,手续费,对方户名,参考号,摘要'];
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const time = `${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
    const amount = `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`;
    lines.push(`${year}-${month}-${day},${time},T${String(i % 8).padStart(7, '0')},6217****${String(i % 10_000).padStart(4, '0')},${i % 5 === 0 ? '支出' : '收入'},${amount},0.${String(i % 60).padStart(2, '0')},顾客${i % 50},${String(900_000_000_000 + i)},零售`);
  }
  return lines.join('\n');
}

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { xmlScanner, XmlError } from './xml-scan';

type Event = ['open', string, Record<string, string | undefined>] | ['close', string] | ['text', string];

/** The events of a scan of `xml` fed in pieces of the given lengths (cycled), adjacent texts joined. */
function scan(xml: string, pieces: number[], names: string[]): Event[] {
  const out: Event[] = [];
  const s = xmlScanner({
    open: (t) => out.push(['open', t.name, Object.fromEntries(names.map((n) => [n, t.attr(n)]))]),
    close: (n) => out.push(['close', n]),
    text: (t) => {
      const last = out.at(-1);
      if (last?.[0] === 'text') last[1] += t;
      else if (t) out.push(['text', t]);
    },
  });
  for (let i = 0, k = 0; i < xml.length; k++) {
    const len = pieces[k % pieces.length]!;
    s.write(xml.slice(i, i + len));
    i += len;
  }
  s.close();
  return out;
}

/** The same events from saxes, the general parser the scanner replaced. */
function reference(xml: string, names: string[]): Event[] {
  const out: Event[] = [];
  const p = new SaxesParser();
  const local = (n: string) => n.slice(n.indexOf(':') + 1);
  let depth = 0;
  p.on('opentag', (t) => {
    depth++;
    const attrs = t.attributes as Record<string, string>;
    const get = (n: string) => attrs[n] ?? Object.entries(attrs).find(([k]) => k.endsWith(`:${n}`))?.[1];
    out.push(['open', t.name, Object.fromEntries(names.map((n) => [n, get(n)]))]);
  });
  p.on('closetag', (t) => {
    depth--;
    out.push(['close', local(t.name)]);
  });
  // The scanner reports no text outside the root element (only blank text is allowed there).
  const text = (t: string) => {
    if (depth === 0) return;
    const last = out.at(-1);
    if (last?.[0] === 'text') last[1] += t;
    else if (t) out.push(['text', t]);
  };
  p.on('text', text);
  p.on('cdata', text);
  p.write(xml).close();
  return out;
}

const throws = (xml: string) => expect(() => scan(xml, [xml.length], [])).toThrow(XmlError);

describe('xml-scan', () => {
  it('gives the events saxes gives for a workbook exceljs wrote, however the parts are cut into chunks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['户号', '姓名', '备注 <&> "引号"', 'a\'b']);
    for (let i = 0; i < 200; i++) ws.addRow([`H${i}`, `张三${i}`, i % 3 ? { richText: [{ text: '转' }, { text: '账&' }] } : 'x > y', i * 1.5]);
    ws.addRow([new Date(Date.UTC(2025, 0, 2)), { formula: 'D2*2', result: 3 }, true, null]);
    ws.mergeCells('A2:A4');
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels']) {
      const xml = await zip.file(part)!.async('string');
      const names = ['r', 't', 's', 'id', 'Id', 'Target', 'numFmtId', 'formatCode', 'ref'];
      const expected = reference(xml, names);
      for (const pieces of [[xml.length], [1], [7, 3, 1000], [4096]]) expect(scan(xml, pieces, names)).toEqual(expected);
    }
  });

  it('decodes entities and CDATA, skips comments and declarations, and reads prefixed names and quoted ">"', () => {
    const xml = `<?xml version="1.0"?><!-- a > comment --><x:a xmlns:x="u" x:r='1&amp;2' r2="&#x4E2D;>&#22269;"><x:b>&lt;&#x1F600;&gt;<![CDATA[<raw&>]]></x:b><c/></x:a>`;
    expect(scan(xml, [1], ['r', 'r2'])).toEqual([
      ['open', 'x:a', { r: '1&2', r2: '中>国' }],
      ['open', 'x:b', { r: undefined, r2: undefined }],
      ['text', '<😀><raw&>'],
      ['close', 'b'],
      ['open', 'c', { r: undefined, r2: undefined }],
      ['close', 'c'],
      ['close', 'a'],
    ]);
  });

  it('refuses what is not well-formed', () => {
    throws('<worksheet><sheetData><row><c><v>1</row>');
    throws('<a><b></a></b>');
    throws('<a>');
    throws('<a></a><b></b>');
    throws('<a>&bogus;</a>');
    throws('<a>&#xD800;</a>');
    throws('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>');
    throws('<a><!-- never closed </a>');
    throws('<a b="1></a>');
    throws('');
    // One tag longer than any spreadsheet's, arriving in chunks as a part inflates.
    expect(() => scan(`<a ${'x'.repeat(200_000)}></a>`, [16_384], [])).toThrow(XmlError);
    expect(() => xmlScanner({ open: (t) => t.attr('r') }).write('<c r=1/>')).toThrow(XmlError);
  });
});

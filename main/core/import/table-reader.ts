import { PassThrough } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { translate, type Params } from '../../../i18n/translate';
import { xmlScanner, type XmlHandlers, type XmlTag } from './xml-scan';

/**
 * Reads the first table of a CSV or Excel (.xlsx) file row by row, within limits, for importers of files a user
 * brings (merchants' flows, later village household lists and core-banking feeds). Nothing is read whole that can
 * be read as a stream: an .xlsx's parts are inflated one at a time and counted as they inflate, its sheet is
 * scanned as it inflates (xml-scan.ts), a CSV is walked row by row; the row cap stops the reading, it does not trim afterwards.
 * (exceljs reads whole workbooks, and its streaming reader parks sheets in temporary files when they come before
 * the shared strings — unbounded on disk, and readable by other users of the PC.)
 *
 * Runs inside the import worker (import-worker.ts); every failure a user can cause is a {@link TableReadError}
 * with a Chinese message that names what to do.
 */

export interface ReadLimits {
  /** Data rows (the header not counted); more is an error, never a silent cut. */
  maxRows: number;
  /** Columns considered; cells to the right are ignored. */
  maxColumns: number;
  /** Inflated size of an .xlsx's sheet; its other parts (shared strings, styles) may have 16 MB. */
  maxPartBytes: number;
  /** What to do about a file over `maxRows`, said after the count: an i18n key (default `import.tooManyRowsHint`, a narrower export). */
  tooManyRowsHintKey?: string;
}

/**
 * Everything a reader keeps stays far below the import worker's heap: the small parts of an .xlsx are held whole,
 * so they are capped well under it, and so is one cell's text (a sheet is streamed row by row). The worker's heap
 * limit is only a backstop — a worker that runs into it can take the whole process with it.
 */
const MAX_HELD_PART_BYTES = 16 * 1024 * 1024;
const MAX_CELL_CHARS = 32 * 1024;

export type Cell = string | number | boolean | Date | null;

export interface TableSink {
  /** The header row, trimmed; throw to stop reading. */
  header(names: string[]): void;
  /** A data row as { header: cell }; `line` is the file's row number (the header is 1 when it is the first row). */
  row(record: Record<string, Cell>, line: number): void;
}

export class TableReadError extends Error {
  /** `messageEn` where the refusal has an English wording (i18n): the reader's own refusals all have one. */
  constructor(
    readonly messageZh: string,
    readonly messageEn?: string,
  ) {
    super(messageZh);
  }
}

/** A refusal worded by its i18n key, in Chinese and in English. */
export const refusal = (key: string, params: Params = {}) => new TableReadError(translate(key, params), translate(key, params, 'en'));

const tooManyRows = (limits: ReadLimits) => {
  const hint = limits.tooManyRowsHintKey ?? 'import.tooManyRowsHint';
  return new TableReadError(
    translate('import.tooManyRows', { max: limits.maxRows, hint: translate(hint) }),
    translate('import.tooManyRows', { max: limits.maxRows, hint: translate(hint, {}, 'en') }, 'en'),
  );
};
const unreadableXlsx = () => refusal('import.unreadableXlsx');

const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);
const isZip = (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
/** The OLE2 container of Excel 97–2003 `.xls`. */
const isOle2 = (b: Uint8Array) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Chinese POS and bank exports are often GB18030 (GBK); a file that is not valid UTF-8 is read as that. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** CSV or Excel, told apart by content (an .xlsx is a zip), not by the file name a user may have changed. */
export async function readTable(bytes: Uint8Array, limits: ReadLimits, sink: TableSink): Promise<void> {
  if (isOle2(bytes)) throw refusal('import.oldXls');
  if (isZip(bytes)) return readXlsx(bytes, limits, sink);
  readCsv(decodeText(bytes), limits, sink);
}

/** Builds `{ header: cell }` records, the first occurrence of a repeated header winning. */
function recorder(sink: TableSink, limits: ReadLimits) {
  let headers: string[] | null = null;
  let rows = 0;
  return {
    get seenHeader() {
      return headers !== null;
    },
    take(cells: Cell[], line: number) {
      if (!headers) {
        headers = cells.slice(0, limits.maxColumns).map((c) => (c === null ? '' : String(c instanceof Date ? c.toISOString() : c).trim()));
        sink.header(headers);
        return;
      }
      if (++rows > limits.maxRows) throw tooManyRows(limits);
      const record: Record<string, Cell> = {};
      headers.forEach((h, i) => {
        if (h && !Object.hasOwn(record, h)) record[h] = cells[i] ?? null;
      });
      sink.row(record, line);
    },
  };
}

function readCsv(text: string, limits: ReadLimits, sink: TableSink): void {
  const rec = recorder(sink, limits);
  let failure: unknown = null;
  let line = 0;
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    step(results, parser) {
      try {
        // Lines are counted from the header; skipped blank lines make this approximate only for files with gaps.
        rec.take(results.data, ++line);
      } catch (err) {
        failure = err;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  if (!rec.seenHeader) sink.header([]);
}

// ───────────────────────────── xlsx ─────────────────────────────

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** What JSZip (3.x) keeps of an entry it has not inflated yet: the compressed bytes and the method's two-byte magic. */
interface CompressedEntry {
  compression?: { magic?: unknown };
  compressedContent?: unknown;
}
const DEFLATE = '\x08\x00';

/**
 * A part's inflated bytes, chunk by chunk. A deflated entry is inflated by Node's zlib, not by JSZip's JavaScript
 * inflater (pako), which was ~80 ms of a 20,000-household sheet's ~450; the chunks still come as they inflate, so
 * the size cap still stops a zip bomb early. Anything else (stored entries, or a JSZip whose entries look
 * different) goes through JSZip's own stream.
 */
function inflated(file: JSZip.JSZipObject): AsyncIterable<Uint8Array> {
  const entry = (file as unknown as { _data?: CompressedEntry })._data;
  if (entry?.compression?.magic === DEFLATE && entry.compressedContent instanceof Uint8Array) {
    const inflate = createInflateRaw();
    inflate.end(entry.compressedContent);
    return inflate;
  }
  // JSZip's stream is an old-style one; piping it into a core stream makes it async-iterable.
  return file.nodeStream('nodebuffer').pipe(new PassThrough()) as AsyncIterable<Uint8Array>;
}

/** One part of the package as text (or fed to `onText` chunk by chunk), inflated as it is read and refused past `maxBytes`. */
async function partText(zip: JSZip, path: string, maxBytes: number, onText?: (chunk: string) => void): Promise<string | null> {
  const file = zip.file(path);
  if (!file) return null;
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let text = '';
  try {
    for await (const chunk of inflated(file)) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw refusal('import.partTooLarge', { path, mb: Math.round(maxBytes / 1048576) });
      const s = decoder.write(chunk);
      if (onText) onText(s);
      else text += s;
    }
  } catch (err) {
    throw err instanceof TableReadError ? err : unreadableXlsx();
  }
  const rest = decoder.end();
  if (onText) onText(rest);
  else text += rest;
  return text;
}

/** One XML part read whole (xml-scan.ts); a malformed part is an unreadable file. */
function parseXml(text: string, handlers: XmlHandlers): void {
  try {
    xmlScanner(handlers).write(text).close();
  } catch (err) {
    throw err instanceof TableReadError ? err : unreadableXlsx();
  }
}

const attr = (tag: XmlTag, name: string): string | undefined => tag.attr(name);

/** The first worksheet's part name, and whether the workbook counts dates from 1904. */
async function firstSheet(zip: JSZip): Promise<{ path: string; date1904: boolean }> {
  const workbook = await partText(zip, 'xl/workbook.xml', MAX_HELD_PART_BYTES);
  const rels = await partText(zip, 'xl/_rels/workbook.xml.rels', MAX_HELD_PART_BYTES);
  if (workbook === null || rels === null) throw unreadableXlsx();
  let rid: string | undefined;
  let date1904 = false;
  parseXml(workbook, {
    open(tag) {
      const n = localName(tag.name);
      if (n === 'sheet' && rid === undefined) rid = attr(tag, 'id');
      if (n === 'workbookPr') date1904 = ['1', 'true'].includes(attr(tag, 'date1904') ?? '');
    },
  });
  let target: string | undefined;
  parseXml(rels, {
    open(tag) {
      if (localName(tag.name) === 'Relationship' && attr(tag, 'Id') === rid) target = attr(tag, 'Target');
    },
  });
  if (!target) throw refusal('import.noSheet');
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { path, date1904 };
}

/** Excel's built-in date and time formats (ECMA-376 18.8.30, with the CJK ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormat(code: string): boolean {
  // Quoted text, [colours]/[locales] and escaped characters are not date parts.
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Which cell styles (`s` attribute) show a number as a date. */
async function dateStyles(zip: JSZip): Promise<Set<number>> {
  const styles = await partText(zip, 'xl/styles.xml', MAX_HELD_PART_BYTES);
  const dates = new Set<number>();
  if (styles === null) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let xf = 0;
  parseXml(styles, {
    open(tag) {
      const n = localName(tag.name);
      if (n === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
      else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) {
        const id = Number(attr(tag, 'numFmtId') ?? 0);
        const code = custom.get(id);
        if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) dates.add(xf);
        xf++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
}

async function sharedStrings(zip: JSZip): Promise<string[]> {
  const out: string[] = [];
  let current: string | null = null;
  let inT = false;
  let inPhonetic = false;
  const parser = xmlScanner({
    open(tag) {
      const n = localName(tag.name);
      if (n === 'si') current = '';
      else if (n === 't') inT = true;
      else if (n === 'rPh') inPhonetic = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(current ?? '');
        current = null;
      } else if (name === 't') inT = false;
      else if (name === 'rPh') inPhonetic = false;
    },
    text(t) {
      if (inT && !inPhonetic && current !== null && current.length < MAX_CELL_CHARS) current += t;
    },
  });
  try {
    await partText(zip, 'xl/sharedStrings.xml', MAX_HELD_PART_BYTES, (chunk) => parser.write(chunk));
    parser.close();
  } catch (err) {
    throw err instanceof TableReadError ? err : unreadableXlsx();
  }
  return out;
}

/** "B12" → 1 (zero-based column); null when the reference is not a cell reference. */
function columnOf(ref: string | undefined): number | null {
  // A character walk, not a regular expression: it runs for every cell of the sheet. Letters A–Z (one to three), then digits.
  if (!ref) return null;
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i > 3) return null;
  for (let j = i; j < ref.length; j++) {
    const c = ref.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  return col - 1;
}

/** Excel's serial day number (days since 1899-12-30, or 1904-01-01) → a UTC date. */
const serialToDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - (date1904 ? -1462 : 0) - 25569) * 86_400_000));

async function readXlsx(bytes: Uint8Array, limits: ReadLimits, sink: TableSink): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw unreadableXlsx();
  }
  const sheet = await firstSheet(zip);
  const dates = await dateStyles(zip);
  const strings = await sharedStrings(zip);
  const rec = recorder(sink, limits);

  let rowNumber = 0;
  // Empty rows are skipped, not counted as data; so many of them still make a file too long.
  let rowElements = 0;
  let cells: Cell[] | null = null;
  let cell: { col: number; type: string; style: number } | null = null;
  let value = '';
  let collect = false;
  const finishCell = () => {
    if (!cell || !cells || cell.col >= limits.maxColumns) return;
    let v: Cell;
    switch (cell.type) {
      case 's':
        v = strings[Number(value)] ?? null;
        break;
      case 'str':
      case 'inlineStr':
        v = value;
        break;
      case 'b':
        v = value === '1';
        break;
      case 'e':
        v = null;
        break;
      case 'd':
        v = Number.isNaN(Date.parse(value)) ? value : new Date(value);
        break;
      default: {
        const n = value === '' ? NaN : Number(value);
        v = Number.isFinite(n) ? (dates.has(cell.style) ? serialToDate(n, sheet.date1904) : n) : null;
      }
    }
    cells[cell.col] = v;
  };
  const parser = xmlScanner({
    open(tag) {
      switch (localName(tag.name)) {
        case 'row': {
          if (++rowElements > 2 * limits.maxRows + 1000) throw tooManyRows(limits);
          const r = Number(attr(tag, 'r'));
          rowNumber = Number.isSafeInteger(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          break;
        }
        case 'c': {
          const col = columnOf(attr(tag, 'r')) ?? (cells ? cells.length : 0);
          cell = { col, type: attr(tag, 't') ?? 'n', style: Number(attr(tag, 's') ?? 0) };
          value = '';
          break;
        }
        case 'v':
        case 't':
          collect = cell !== null;
          break;
      }
    },
    close(name) {
      if (name === 'v' || name === 't') collect = false;
      else if (name === 'c') {
        finishCell();
        cell = null;
      } else if (name === 'row' && cells) {
        const row = cells;
        cells = null;
        // Rows with nothing in them are formatting, not data.
        let filled = false;
        for (let i = 0; i < row.length; i++) {
          const c = row[i];
          if (c === undefined) row[i] = null;
          else if (c !== null && c !== '') filled = true;
        }
        if (filled) rec.take(row, rowNumber);
      }
    },
    text(t) {
      if (collect && value.length < MAX_CELL_CHARS) value += t;
    },
  });
  try {
    const found = await partText(zip, sheet.path, limits.maxPartBytes, (chunk) => parser.write(chunk));
    if (found === null) throw unreadableXlsx();
    parser.close();
  } catch (err) {
    throw err instanceof TableReadError ? err : unreadableXlsx();
  }
  if (!rec.seenHeader) sink.header([]);
}

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { FEED_FORMATS, headerLine, isProblem, parseFeedLine, problemZh, type FeedKind, type FeedLines, type LineProblem } from '../../domain/post-loan/feed-formats';

/** A whole file refused before its lines are looked at (encoding, header, truncation); nothing is applied. */
export class FeedFileError extends Error {
  constructor(readonly messageZh: string) {
    super(messageZh);
  }
}

export interface FeedFileInfo {
  digest: string;
  encoding: 'utf-8' | 'gb18030';
}

/** Where the reader's lines go: each good line as it is read, each problem with its line number. */
export interface FeedSink<K extends FeedKind> {
  /** The file as a whole passed (encoding, completeness); called before the first line. */
  begin(info: FeedFileInfo): void;
  row(line: FeedLines[K], lineNo: number): void;
  problem(p: LineProblem): void;
  /** Bytes of the file read so far (after each 64 KiB piece): for a progress bar. */
  progress?(bytesRead: number, bytesTotal: number): void;
}

/** Problems listed in full; beyond this only counted (a wrong file has a problem on every line). */
export const MAX_PROBLEMS_KEPT = 200;

/** The 1-based line of a byte offset (the refusal names where the file went wrong). */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/**
 * Why a file that is not UTF-8 is not GB18030 either: the first line readable in neither, or else (every line is
 * one or the other) the file mixes the two. Line feeds are never part of a character in either, so lines decode alone.
 */
function encodingProblem(bytes: Uint8Array): string {
  const strict = new TextDecoder('gb18030', { fatal: true });
  const readsAsGb = (line: Uint8Array) => {
    try {
      strict.decode(line);
      return true;
    } catch {
      return false;
    }
  };
  let firstGbOnly = 0;
  let firstUtf8Only = 0;
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const bytesOfLine = bytes.subarray(start, end);
    const utf8 = isUtf8(bytesOfLine);
    const gb = readsAsGb(bytesOfLine);
    if (!utf8 && !gb) return `第${line}行既不是 UTF-8 也不是 GB18030`;
    if (!utf8 && firstGbOnly === 0) firstGbOnly = line;
    if (!gb && firstUtf8Only === 0) firstUtf8Only = line;
    start = end + 1;
  }
  return `同一文件中编码不一致（第${firstUtf8Only}行是 UTF-8，第${firstGbOnly}行是 GB18030）`;
}

/**
 * UTF-8 when the bytes are valid UTF-8, else GB18030 (what the bank's older systems export); a file that is
 * neither (UTF-16, binary, a cut multi-byte character) is refused as a whole, naming the line where it goes wrong.
 */
function encodingOf(bytes: Uint8Array): 'utf-8' | 'gb18030' {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new FeedFileError(`文件编码不正确：第${lineAt(bytes, nul)}行起含有空字节（可能是 UTF-16 或二进制文件），请导出为 UTF-8 或 GB18030 编码的 CSV`);
  if (isUtf8(bytes)) return 'utf-8';
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return 'gb18030';
  } catch {
    throw new FeedFileError(`文件编码不正确：${encodingProblem(bytes)}，请重新导出`);
  }
}

/**
 * The file is decoded a piece of whole lines at a time: one string of a 70 MB file cost a quarter of a second to
 * make and made every line cut from it slower; pieces of 64 KiB are ten times cheaper. A line feed is never part of
 * a character in UTF-8 or GB18030, so a piece ending after one decodes alone.
 */
const PIECE_BYTES = 64 * 1024;

function* pieces(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030'): Generator<[text: string, end: number]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const gb = encoding === 'gb18030' ? new TextDecoder('gb18030') : null;
  for (let from = 0; from < bytes.length; ) {
    // The file ends with a line feed (checked before): there is always one at or after the piece's nominal end.
    const to = bytes.indexOf(0x0a, Math.min(from + PIECE_BYTES, bytes.length) - 1) + 1;
    yield [gb ? gb.decode(bytes.subarray(from, to)) : buffer.toString('utf8', from, to), to];
    from = to;
  }
}

/** Lines with a quote go through papaparse (RFC 4180 quoting); the plain ones — nearly all — are split directly. */
function fieldsOf(line: string): string[] | string {
  if (!line.includes('"')) return line.split(',');
  const parsed = Papa.parse<string[]>(line, { header: false, skipEmptyLines: false });
  if (parsed.errors.length > 0 || parsed.data.length !== 1) return '引号不成对或字段内有换行（字段内不允许换行）';
  return parsed.data[0]!;
}

/**
 * Reads and checks one feed file completely, line by line: every good line goes to `sink.row` as it is read (no
 * array of a million records is built), every bad one to `sink.problem` with its number, field and rule. Lines
 * of one file may not repeat the format's key (a `txn_id` twice, a loan account twice).
 */
export function readFeed<K extends FeedKind>(kind: K, fileDate: string, bytes: Uint8Array, sink: FeedSink<K>): number {
  if (bytes.length === 0) throw new FeedFileError('文件为空');
  const encoding = encodingOf(bytes);
  if (bytes[bytes.length - 1] !== 0x0a) {
    throw new FeedFileError(`文件不完整：第${lineAt(bytes, bytes.length)}行（最后一行）没有换行符，文件可能在传输中被截断，请重新获取完整文件`);
  }
  sink.begin({ digest: createHash('sha256').update(bytes).digest('hex'), encoding });
  const format = FEED_FORMATS[kind];
  const seen = new Map<string, number>();
  let rows = 0;
  let lineNo = 0;

  for (const [text, end] of pieces(bytes, encoding)) {
    let start = lineNo === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      lineNo++;
      if (lineNo === 1) {
        if (line.trim() !== headerLine(kind)) {
          throw new FeedFileError(`表头不符：${kind} 文件第1行应为「${headerLine(kind)}」，实际为「${line.slice(0, 120)}」（文件种类或编码是否正确？）`);
        }
        continue;
      }
      if (line === '') {
        sink.problem(problemZh(lineNo, null, '空行（文件中间不允许空行）'));
        continue;
      }
      const fields = fieldsOf(line);
      if (typeof fields === 'string') {
        sink.problem(problemZh(lineNo, null, fields));
        continue;
      }
      const parsed = parseFeedLine(format, fields, lineNo, fileDate);
      if (isProblem(parsed)) {
        sink.problem(parsed);
        continue;
      }
      if (format.key) {
        const key = format.key(parsed);
        const first = seen.get(key);
        if (first !== undefined) {
          sink.problem(problemZh(lineNo, `${format.columns[0]!.label}(${format.columns[0]!.name})`, `与第${first}行重复（${key}）`));
          continue;
        }
        seen.set(key, lineNo);
      }
      rows++;
      sink.row(parsed, lineNo);
    }
    sink.progress?.(end, bytes.length);
  }
  return rows;
}

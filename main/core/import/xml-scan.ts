/**
 * A small streaming scanner for the XML parts of an .xlsx (sheet, shared strings, workbook, styles): open and close
 * tags with their attributes, and text with the five named and the numeric entities decoded. It replaces a general
 * SAX parser (saxes) that spent ~0.45 s of processor time on a 20,000-household list's sheet — about half the
 * .xlsx reading — mostly checking name characters and building objects per event; a spreadsheet part needs none
 * of that. It still refuses what is not well-formed where it matters to a reader: unbalanced or mismatched tags, an
 * unknown entity, an unterminated tag, comment or CDATA, a DOCTYPE (no entity declarations are ever expanded), and
 * one tag longer than {@link MAX_TAG_CHARS} (no spreadsheet has one; without the cap a file of one endless tag
 * would be rescanned at every chunk).
 */

/** An open tag: its name as written (prefix included, `x:row`) and its attributes, read only when asked for. */
export class XmlTag {
  constructor(
    readonly name: string,
    /** The text between the name and the tag's end. */
    private readonly raw: string,
  ) {}

  /**
   * An attribute's value by its local name: the plain spelling (`r`) wins over a prefixed one (`x:r`). Read from
   * the tag's text when asked — a sheet's cells are asked two or three names each, and an object of every
   * attribute of every cell was most of what the reading allocated.
   */
  attr(name: string): string | undefined {
    const raw = this.raw;
    const n = raw.length;
    let prefixed: string | undefined;
    let i = 0;
    for (;;) {
      while (i < n && isSpace(raw.charCodeAt(i))) i++;
      if (i >= n) return prefixed;
      const start = i;
      while (i < n && raw.charCodeAt(i) !== 0x3d /* = */ && !isSpace(raw.charCodeAt(i))) i++;
      const end = i;
      while (i < n && isSpace(raw.charCodeAt(i))) i++;
      if (raw.charCodeAt(i) !== 0x3d) throw new XmlError('attribute without a value');
      i++;
      while (i < n && isSpace(raw.charCodeAt(i))) i++;
      const q = raw.charCodeAt(i);
      if (q !== 0x22 && q !== 0x27) throw new XmlError('attribute value not quoted');
      const close = raw.indexOf(raw[i]!, i + 1);
      if (close < 0) throw new XmlError('attribute value not closed');
      const len = end - start;
      if (len === name.length && raw.startsWith(name, start)) return decodeEntities(raw.slice(i + 1, close));
      if (prefixed === undefined && len > name.length && raw.charCodeAt(end - name.length - 1) === 0x3a /* : */ && raw.startsWith(name, end - name.length)) {
        prefixed = decodeEntities(raw.slice(i + 1, close));
      }
      i = close + 1;
    }
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export interface XmlHandlers {
  open?(tag: XmlTag): void;
  /** The closed element's local name (prefix dropped); also called after `open` for a self-closing tag. */
  close?(localName: string): void;
  text?(text: string): void;
}

export class XmlError extends Error {}

const MAX_TAG_CHARS = 128 * 1024;
const MAX_DEPTH = 256;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&]{0,16});/g, (_, e: string) => {
    const named = NAMED[e];
    if (named !== undefined) return named;
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : e.startsWith('#') ? parseInt(e.slice(1), 10) : NaN;
    if (!Number.isInteger(code) || code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError(`entity &${e};`);
    return String.fromCodePoint(code);
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The index of the `>` ending the tag opened at `from` (quoted attribute values may hold `>`), or -1 if not yet read. */
function tagEnd(buf: string, from: number): number {
  // A character walk: searching ahead for each kind of quote would scan the rest of the chunk at every tag.
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e /* > */) return i;
    else if (c === 0x22 /* " */ || c === 0x27 /* ' */) quote = c;
  }
  return -1;
}

export interface XmlScanner {
  write(chunk: string): XmlScanner;
  /** The end of the part: anything left open is an error. */
  close(): void;
}

export function xmlScanner(h: XmlHandlers): XmlScanner {
  let buf = '';
  const open: string[] = [];
  let seenRoot = false;

  const emitText = (raw: string) => {
    if (raw && h.text) h.text(decodeEntities(raw));
  };

  /** Handles `buf` as far as it is complete; keeps the rest for the next chunk. */
  function scan(final: boolean): void {
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        // Text up to the end; an entity cut by the chunk boundary waits for the next chunk.
        const amp = final ? -1 : buf.lastIndexOf('&');
        const upTo = amp >= i && !buf.includes(';', amp) ? amp : n;
        if (open.length === 0 && buf.slice(i, upTo).trim()) throw new XmlError('text outside the root element');
        if (open.length > 0) emitText(buf.slice(i, upTo));
        i = upTo;
        break;
      }
      if (lt > i) {
        if (open.length > 0) emitText(buf.slice(i, lt));
        else if (buf.slice(i, lt).trim()) throw new XmlError('text outside the root element');
      }
      const next = buf.charCodeAt(lt + 1);
      let end: number;
      if (next === 0x21 /* ! */) {
        if (buf.startsWith('<!--', lt)) {
          const e = buf.indexOf('-->', lt + 4);
          if (e < 0) return void (i = lt, keep(i, final));
          end = e + 2;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const e = buf.indexOf(']]>', lt + 9);
          if (e < 0) return void (i = lt, keep(i, final));
          if (open.length === 0) throw new XmlError('CDATA outside the root element');
          if (h.text) h.text(buf.slice(lt + 9, e));
          end = e + 2;
        } else if (buf.length - lt < 9 && !final) {
          return void (i = lt, keep(i, final));
        } else {
          throw new XmlError('DOCTYPE or unknown markup');
        }
      } else if (next === 0x3f /* ? */) {
        const e = buf.indexOf('?>', lt + 2);
        if (e < 0) return void (i = lt, keep(i, final));
        end = e + 1;
      } else {
        end = tagEnd(buf, lt + 1);
        if (end < 0) return void (i = lt, keep(i, final));
        if (next === 0x2f /* / */) {
          const name = buf.slice(lt + 2, end).trim();
          const top = open.pop();
          if (top !== name) throw new XmlError(`</${name}> closes <${top ?? ''}>`);
          h.close?.(localName(name));
        } else {
          const selfClosing = buf.charCodeAt(end - 1) === 0x2f;
          const attrsEnd = selfClosing ? end - 1 : end;
          let nameEnd = lt + 1;
          while (nameEnd < attrsEnd && !isSpace(buf.charCodeAt(nameEnd))) nameEnd++;
          const name = buf.slice(lt + 1, nameEnd);
          if (!name) throw new XmlError('empty tag name');
          if (open.length === 0 && seenRoot) throw new XmlError('second root element');
          seenRoot = true;
          h.open?.(new XmlTag(name, buf.slice(nameEnd, attrsEnd)));
          if (selfClosing) h.close?.(localName(name));
          else if (open.push(name) > MAX_DEPTH) throw new XmlError('nested too deep');
        }
      }
      i = end + 1;
    }
    keep(i, final);
  }

  function keep(from: number, final: boolean): void {
    buf = buf.slice(from);
    if (buf.length > MAX_TAG_CHARS) throw new XmlError('tag too long');
    if (final && buf.length > 0) throw new XmlError('unterminated markup');
  }

  const scanner: XmlScanner = {
    write(chunk) {
      buf += chunk;
      scan(false);
      return scanner;
    },
    close() {
      scan(true);
      if (open.length > 0 || !seenRoot) throw new XmlError('unclosed element');
    },
  };
  return scanner;
}

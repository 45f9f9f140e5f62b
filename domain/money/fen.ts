/** Money is integer fen (分) everywhere; these helpers are the only way amounts become text. */
export type Fen = number;

export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount must be an integer number of fen, got ${value}`);
  return value;
}

/** 12345678 → "123,456.78" (yuan with thousands separators). */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses what a person types ("1,234.5", "1234", "￥1,234.56") into fen without passing through a float. */
export function parseYuan(text: string): Fen | null {
  const cleaned = text.replace(/[,，\s￥¥]/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return assertFen(m[1] ? -fen : fen);
}

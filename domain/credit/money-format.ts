/** Display of fen and basis points as text, in integer arithmetic (no float rounding surprises). */
const groupThousands = (s: string): string => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234567 → "12,345.67" */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  return `${neg ? '-' : ''}${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
}

/** 435 → "4.35%" */
export function formatBpAsPercent(bp: number): string {
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

function groupText(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + PLACES[i]!;
  }
  return out;
}

/**
 * An amount in 大写 as bank forms and contracts write it (支付结算办法): 200,000.00 → 贰拾万元整,
 * 100,500.30 → 壹拾万零伍佰元叁角整, 0.05 → 伍分. Read back to the customer before money moves.
 */
export function fenToChineseUppercase(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('fenToChineseUppercase: a non-negative integer amount of fen');
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let integer = '';
  let pendingZero = false;
  const groups: number[] = [];
  for (let v = yuan; v > 0; v = Math.floor(v / 10000)) groups.push(v % 10000);
  for (let g = groups.length - 1; g >= 0; g--) {
    const v = groups[g]!;
    if (v === 0) {
      pendingZero = integer !== '';
      continue;
    }
    if (integer && (pendingZero || v < 1000)) integer += '零';
    integer += groupText(v) + GROUPS[g]!;
    pendingZero = false;
  }
  if (jiao === 0 && cents === 0) return `${integer || '零'}元整`;
  const head = integer ? `${integer}元` : '';
  if (jiao === 0) return `${head}${head ? '零' : ''}${DIGITS[cents]}分`;
  return `${head}${DIGITS[jiao]}角${cents ? `${DIGITS[cents]}分` : '整'}`;
}

import { formatBpAsPercent, formatYuan } from '../../../domain/credit/money-format';
import { parseYuanToFen } from '../../../domain/credit/merchant-flows';

export { formatBpAsPercent, formatYuan };

/** "12,000.50" typed by the teller → fen, or null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const fen = parseYuanToFen(text);
  return fen === null || fen < 0 ? null : fen;
}

/** "3.45" (or "3.45%", full-width digits) typed as a percentage → 345 basis points; null when it is not one with at most two decimals. */
export function percentToBp(text: string): number | null {
  const m = /^(-?\d+)(?:\.(\d{1,2}))?$/.exec(text.normalize('NFKC').trim().replace(/%$/, ''));
  return m ? Number(m[1]) * 100 + Math.sign(Number(`${m[1]}1`)) * Number((m[2] ?? '').padEnd(2, '0')) : null;
}

export const fenToYuanText = (fen: number | undefined | null): string => (fen === undefined || fen === null ? '' : (fen / 100).toFixed(2).replace(/\.00$/, ''));

/**
 * The limit column of an application: none yet while a person investigates (the model's figure is not a grant),
 * none when declined.
 */
export function limitText(row: { state: string; limitFen: number | null }, t: (k: string) => string): string {
  if (row.state === 'referred') return t('credit.ui.limitPending');
  if (row.state === 'rejected' || row.limitFen === null) return '—';
  return formatYuan(row.limitFen);
}

/** 754000 ms → "12分34秒"; the promise to customers is counted in minutes. */
export function formatElapsed(ms: number, lang: string): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (lang === 'en') return h ? `${h} h ${m % 60} min` : m ? `${m} min ${s % 60} s` : `${s} s`;
  return h ? `${h}小时${m % 60}分` : m ? `${m}分${s % 60}秒` : `${s}秒`;
}

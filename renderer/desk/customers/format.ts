import { formatBpAsPercent, type Shareholder } from '../../../domain/customers/customer';
import type { Translate } from '../labels';
import { showDateTime } from '../../format/time';

/** 11010519491231002X → 110105********002X: the result list is seen over the teller's shoulder. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return id;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * The village, or the address when the search words were found in the address and not in the village, so the
 * teller sees why a customer is listed.
 */
export function placeOf(r: { address: string; village: string | null }, query: string): string {
  const q = query.normalize('NFKC').replace(/\s+/gu, '');
  if (q && r.address.includes(q) && !(r.village ?? '').includes(q)) return r.address;
  return r.village ?? r.address;
}

function isShareholderList(v: unknown): v is Shareholder[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && 'name' in s && 'shareBp' in s);
}

/** A field's value as the history shows it: code lists translated, shares as percentages, absence as a dash. */
export function formatFieldValue(field: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'group' && typeof value === 'string') return t(`group.${value}`);
  if (field === 'kind' && typeof value === 'string') return t(`kind.${value}`);
  if (field.endsWith('At') && typeof value === 'string') return showDateTime(value);
  if (field === 'shareholders' && isShareholderList(value)) {
    if (!value.length) return '—';
    return value.map((s) => `${s.name} ${formatBpAsPercent(s.shareBp)}`).join(t('desk.listSeparator'));
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

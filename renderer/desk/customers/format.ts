import { formatBpAsPercent, type Shareholder } from '../../../domain/customers/customer';
import type { Translate } from '../labels';

/** 11010519491231002X → 110105********002X: the result list is seen over the teller's shoulder. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return id;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

function isShareholderList(v: unknown): v is Shareholder[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && 'name' in s && 'shareBp' in s);
}

/** A field's value as the history shows it: code lists translated, shares as percentages, absence as a dash. */
export function formatFieldValue(field: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'group' && typeof value === 'string') return t(`group.${value}`);
  if (field === 'kind' && typeof value === 'string') return t(`kind.${value}`);
  if (field.endsWith('At') && typeof value === 'string') return formatLocalTime(value);
  if (field === 'shareholders' && isShareholderList(value)) {
    if (!value.length) return '—';
    return value.map((s) => `${s.name} ${formatBpAsPercent(s.shareBp)}`).join(t('desk.listSeparator'));
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** ISO-8601 UTC → local wall-clock time, the way the branch reads it: 2026-03-05 14:07:31. */
export function formatLocalTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

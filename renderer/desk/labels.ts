import type { CustomerKind, FieldIssue } from '../../domain/customers/customer';
import type { ApiErrorBody, FieldError } from '../../main/core/api/errors';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * The label the teller sees for a field path, in the current language: the core's own messages carry Chinese
 * labels, so the desk rebuilds them to keep English screens English.
 */
export function fieldLabel(path: string, kind: CustomerKind, t: Translate): string {
  const [head = '', index, leaf] = path.split('.');
  if (head === 'shareholders' && index !== undefined && leaf) {
    return t('desk.shareholderRowField', { row: Number(index) + 1, field: t(leaf === 'shareBp' ? 'field.shareBp' : `field.${leaf}`) });
  }
  if (head === 'name' && kind === 'enterprise') return t('field.enterpriseName');
  if (head === 'kind') return t('desk.field.kind');
  return t(`field.${head}`);
}

export interface ShownIssue {
  path: string;
  text: string;
  severity: 'error' | 'warning';
}

export function describeIssue(issue: FieldIssue, kind: CustomerKind, t: Translate): ShownIssue {
  return { path: issue.path, severity: issue.severity, text: t(issue.key, { ...issue.params, field: fieldLabel(issue.path, kind, t) }) };
}

/** Server field errors name paths under the call's arguments (`customer.phone`); forms know them as `phone`. */
export function describeFieldError(f: FieldError, kind: CustomerKind, t: Translate): ShownIssue {
  const path = f.path.replace(/^customer\./, '');
  const text = f.key === 'error.BAD_REQUEST' ? f.message : t(f.key, { ...f.params, field: fieldLabel(path, kind, t) });
  return { path, severity: 'error', text };
}

/** One sentence for a failed call; unknown keys fall back to the core's Chinese message. */
export function describeError(body: ApiErrorBody, t: Translate): string {
  const text = t(body.key, { ...body.params });
  return text === body.key ? body.message : text;
}

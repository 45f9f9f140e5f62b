import type { CustomerKind, FieldIssue } from '../../domain/customers/customer';
import type { ApiErrorBody, FieldError } from '../../main/core/api/errors';
import { fieldPathLabel, splitPath } from '../../i18n/field-path';
import { ApiCallError } from '../api/client';

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
  return { path, severity: 'error', text: fieldErrorText(f, t, fieldLabel(path, kind, t)) };
}

/** A field's refusal in the current language, its field named as labelled (rebuilt, as the core's label is Chinese). */
export function fieldErrorText(f: FieldError, t: Translate, label = fieldPathLabel(splitPath(f.path), t)): string {
  const text = t(f.key, { ...f.params, field: label });
  return text === f.key ? f.message : text;
}

/** One sentence for a failed call; unknown keys fall back to the core's Chinese message. */
export function describeError(body: ApiErrorBody, t: Translate): string {
  // Refused arguments: the first field's own sentence, translated here so an English screen stays English.
  if (body.key.startsWith('error.invalidInput') && body.fields?.length) {
    const first = fieldErrorText(body.fields[0]!, t);
    return body.fields.length > 1 ? t('error.invalidInputMore', { first, more: body.fields.length - 1 }) : first;
  }
  const text = t(body.key, { ...body.params });
  return text === body.key ? body.message : text;
}

/**
 * What to tell staff about any failure: the core's refusal in words, or — for something the core never said
 * (a bug, a browser quirk) — a plain request to retry, never the exception's own English text.
 */
export function errorText(e: unknown, t: Translate): string {
  if (e instanceof ApiCallError) return describeError(e.body, t);
  console.error(e);
  return t('desk.error.unexpected');
}

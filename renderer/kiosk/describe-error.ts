import { ApiCallError } from '../api/client';

/** What the kiosk says when a call fails: the field's or the host's own words, else "try again". */
export function describe(e: unknown, t: (k: string, p?: Record<string, string | number>) => string): string {
  if (e instanceof ApiCallError) {
    const field = e.body.fields?.[0];
    if (field) return t(field.key, { ...field.params, field: t('queue.ui.idCardField') }) || field.message;
    const text = t(e.body.key, { ...e.body.params });
    return text === e.body.key ? e.body.message : text;
  }
  return t('queue.ui.kioskRetry');
}

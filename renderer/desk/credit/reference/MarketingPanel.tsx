import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResult } from '../../../../main/core/api/contract';
import { MARKETING_AUDIENCES, type MarketingAudience as Audience } from '../../../../domain/queue/marketing';
import type { MarketingRow } from '../../../../main/core/reference/reference.contract';
import { api } from '../../../api/client';
import { showDate } from '../../../format/time';
import { errorText } from '../../labels';
import { Notice, type Outcome } from './Notice';

interface Draft { id?: string; rev?: string; title: string; body: string; tag: string; audience: Audience; validFrom: string; validTo: string }
type Field = 'title' | 'body' | 'validTo';
const BLANK: Draft = { title: '', body: '', tag: '', audience: 'kiosk', validFrom: '', validTo: '' };
const dayOf = (v: string | null) => (v ? v.slice(0, 10) : '');

/** The kiosk's marketing items: list, create, edit, retire. An open kiosk shows the change at once (queue-marketing.ts watches). */
export function MarketingPanel() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ApiResult<'reference.marketing'> | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [bad, setBad] = useState<Field | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const first = useRef<HTMLInputElement>(null);
  const fail = useCallback((e: unknown) => setOutcome({ kind: 'error', text: errorText(e, t) }), [t]);

  const load = useCallback(() => api.call('reference.marketing', {}).then(setRows, fail), [fail]);
  useEffect(() => void load(), [load]);
  const editing = draft ? (draft.id ?? 'new') : null;
  useEffect(() => first.current?.focus(), [editing]);

  const open = (r: MarketingRow | null) => {
    setBad(null);
    setOutcome(null);
    setDraft(r ? { id: r.id, rev: r.rev, title: r.title, body: r.body, tag: r.tag ?? '', audience: r.audience, validFrom: dayOf(r.validFrom), validTo: dayOf(r.validTo) } : BLANK);
  };
  const refuse = (field: Field, text: string) => {
    setBad(field);
    setOutcome({ kind: 'error', text });
    document.getElementById(`mkt-${field}`)?.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    if (!draft.title.trim()) return refuse('title', t('reference.mkt.required', { field: t('reference.mkt.title') }));
    if (!draft.body.trim()) return refuse('body', t('reference.mkt.required', { field: t('reference.mkt.body') }));
    if (draft.validFrom && draft.validTo && draft.validTo < draft.validFrom) return refuse('validTo', t('reference.mkt.range'));
    const { id, rev, tag, validFrom, validTo, ...item } = draft;
    const optional = { ...(tag.trim() ? { tag } : {}), ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) };
    api.call('reference.saveMarketing', { id, rev, item: { ...item, ...optional } }).then((saved) => {
      setDraft(null);
      setOutcome({ kind: 'info', text: t('reference.mkt.saved', { title: saved.title }) });
      void load();
    }, fail);
  };
  const retire = (r: MarketingRow) =>
    api.call('reference.retireMarketing', { id: r.id, rev: r.rev }).then(() => {
      setOutcome({ kind: 'info', text: t('reference.mkt.retired', { title: r.title }) });
      void load();
    }, fail);
  const cancel = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    setDraft(null);
    setOutcome(null);
  };

  const text = (field: 'title' | 'tag' | 'validFrom' | 'validTo', extra: { ref?: typeof first; placeholder?: string; required?: boolean } = {}) => (
    <label className={bad === field ? 'field has-error' : 'field'} htmlFor={`mkt-${field}`}>
      <span className="field-label">{t(`reference.mkt.${field}`)}{extra.required && <span className="required" aria-hidden="true">*</span>}</span>
      <input id={`mkt-${field}`} value={draft![field]} ref={extra.ref} placeholder={extra.placeholder} aria-invalid={bad === field || undefined} onChange={(e) => setDraft({ ...draft!, [field]: e.target.value })} />
    </label>
  );

  return (
    <section className="panel" data-testid="marketing-panel">
      <h2>{t('reference.mkt.heading')}</h2>
      {!draft && <button type="button" className="button" onClick={() => open(null)} data-testid="marketing-new">{t('reference.mkt.new')}</button>}
      {draft && (
        <form className="marketing-form" onSubmit={submit} onKeyDown={cancel} aria-label={t(draft.id ? 'reference.mkt.edit' : 'reference.mkt.new')} noValidate>
          <div className="rule-row">
            {text('title', { ref: first, required: true })}
            {text('tag')}
            <label className="field" htmlFor="mkt-audience">
              <span className="field-label">{t('reference.mkt.audience')}</span>
              <select id="mkt-audience" value={draft.audience} onChange={(e) => setDraft({ ...draft, audience: e.target.value as Audience })}>
                {MARKETING_AUDIENCES.map((a) => <option key={a} value={a}>{t(`reference.mkt.audience.${a}`)}</option>)}
              </select>
            </label>
            {text('validFrom', { placeholder: 'YYYY-MM-DD' })}
            {text('validTo', { placeholder: 'YYYY-MM-DD' })}
          </div>
          <label className={bad === 'body' ? 'field has-error' : 'field'} htmlFor="mkt-body">
            <span className="field-label">{t('reference.mkt.body')}<span className="required" aria-hidden="true">*</span></span>
            {/* Enter submits as in every other field; Shift+Enter starts a new line of the text. */}
            <textarea id="mkt-body" rows={3} value={draft.body} aria-invalid={bad === 'body' || undefined} onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} />
          </label>
          <div className="editor-actions left">
            <button type="submit" className="button button-primary" data-testid="marketing-save">{t('reference.mkt.save')}</button>
            <button type="button" className="button" onClick={() => setDraft(null)}>{t('reference.mkt.cancel')}</button>
            <span className="muted small">{t('reference.keys')}</span>
          </div>
        </form>
      )}
      <Notice outcome={outcome} testId="marketing-result" />
      {rows && (rows.length ? (
        <table className="grid compact" data-testid="marketing-list">
          <thead><tr><th>{t('reference.mkt.title')}</th><th>{t('reference.mkt.tag')}</th><th>{t('reference.mkt.audience')}</th><th>{t('reference.mkt.validFrom')}</th><th>{t('reference.mkt.validTo')}</th><th>{t('reference.mkt.status')}</th><th /></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id} data-testid="marketing-row">
              <td>{r.title}</td><td>{r.tag ?? '—'}</td><td>{t(`reference.mkt.audience.${r.audience}`)}</td>
              <td>{r.validFrom ? showDate(r.validFrom) : '—'}</td><td>{r.validTo ? showDate(r.validTo) : '—'}</td>
              <td>{t(r.ended ? 'reference.mkt.ended' : 'reference.mkt.showing')}</td>
              <td>
                <button type="button" className="button" onClick={() => open(r)}>{t('reference.mkt.edit')}</button>{' '}
                {!r.ended && <button type="button" className="button" onClick={() => void retire(r)}>{t('reference.mkt.retire')}</button>}
              </td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p className="muted">{t('reference.mkt.none')}</p>)}
    </section>
  );
}

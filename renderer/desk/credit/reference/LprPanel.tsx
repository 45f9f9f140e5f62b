import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResult } from '../../../../main/core/api/contract';
import { api } from '../../../api/client';
import { showDateTime } from '../../../format/time';
import { errorText } from '../../labels';
import { formatBpAsPercent, percentToBp } from '../credit-format';
import { Notice, type Outcome } from './Notice';

type Lpr = ApiResult<'reference.lpr'>;
type Field = 'date' | 'oneYear' | 'fiveYear' | 'notes';
const EMPTY = { date: '', oneYear: '', fiveYear: '', notes: '' };
// The schema's upper bound is 5,000 bp; a fixing of 0 has never been and would price loans at the spread alone.
const MAX_BP = 5_000;

/** The LPR table as published, and the form that adds the month's fixing as the next version. */
export function LprPanel() {
  const { t } = useTranslation();
  const [lpr, setLpr] = useState<Lpr | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [bad, setBad] = useState<Field | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const first = useRef<HTMLInputElement>(null);

  const load = useCallback(() => api.call('reference.lpr', {}).then(setLpr, (e: unknown) => setOutcome({ kind: 'error', text: errorText(e, t) })), [t]);
  useEffect(() => {
    void load();
    first.current?.focus();
  }, [load]);

  const refuse = (field: Field, text: string): null => {
    setBad(field);
    setOutcome({ kind: 'error', text });
    document.getElementById(`lpr-${field}`)?.focus();
    return null;
  };

  /** The fixing in basis points, or null with the first wrong field named and focused. */
  function fixing(last: string): { date: string; oneYearBp: number; fiveYearBp: number } | null {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) return refuse('date', t('reference.lpr.dateRequired'));
    if (form.date <= last) return refuse('date', t('reference.lprNotAfter', { date: last }));
    const bp: number[] = [];
    for (const f of ['oneYear', 'fiveYear'] as const) {
      const v = percentToBp(form[f]);
      const field = t(`reference.lpr.${f}`);
      if (v === null) return refuse(f, t('reference.lpr.pctInvalid', { field }));
      if (v <= 0 || v > MAX_BP) return refuse(f, t('reference.lpr.pctRange', { field }));
      bp.push(v);
    }
    if (form.notes.trim().length < 2) return refuse('notes', t('reference.notesRequired'));
    return { date: form.date, oneYearBp: bp[0]!, fiveYearBp: bp[1]! };
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!lpr) return;
    const f = fixing(lpr.fixings[lpr.fixings.length - 1]!.date);
    if (!f) return;
    setBad(null);
    api.call('reference.publishLpr', { baseVersion: lpr.version, fixing: f, notes: form.notes }).then(
      (published) => {
        setLpr(published);
        setForm(EMPTY);
        setOutcome({ kind: 'info', text: t('reference.lpr.published', { v: String(published.version) }) });
        first.current?.focus();
      },
      (err: unknown) => setOutcome({ kind: 'error', text: errorText(err, t) }),
    );
  };
  const cancel = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    setForm(EMPTY);
    setBad(null);
    setOutcome(null);
    first.current?.focus();
  };

  const input = (field: Field, label: string, extra: { inputMode?: 'decimal'; placeholder?: string; ref?: typeof first } = {}) => (
    <label className={bad === field ? 'field has-error' : 'field'} htmlFor={`lpr-${field}`}>
      <span className="field-label">{label}<span className="required" aria-hidden="true">*</span></span>
      <input id={`lpr-${field}`} value={form[field]} aria-invalid={bad === field || undefined} aria-required="true" onChange={(e) => setForm({ ...form, [field]: e.target.value })} {...extra} />
    </label>
  );

  return (
    <section className="panel" data-testid="lpr-panel">
      <h2>{t('reference.lpr.heading')}</h2>
      {lpr && (
        <p className="muted" data-testid="lpr-current">
          {t('reference.lpr.current', { v: String(lpr.version), at: showDateTime(lpr.publishedAt), who: lpr.publishedByName ?? t('reference.system') })}
          {lpr.notes ? ` · ${lpr.notes}` : ''}
        </p>
      )}
      <form className="rule-row" onSubmit={submit} onKeyDown={cancel} aria-label={t('reference.lpr.add')} noValidate>
        {input('date', t('reference.lpr.date'), { placeholder: 'YYYY-MM-DD', ref: first })}
        {input('oneYear', t('reference.lpr.oneYear'), { inputMode: 'decimal', placeholder: '3.00' })}
        {input('fiveYear', t('reference.lpr.fiveYear'), { inputMode: 'decimal', placeholder: '3.50' })}
        {input('notes', t('reference.notes'))}
        <button type="submit" className="button button-primary" disabled={!lpr} data-testid="lpr-publish">{t('reference.lpr.publish')}</button>
        <span className="muted small">{t('reference.keys')}</span>
      </form>
      <Notice outcome={outcome} testId="lpr-result" />
      {lpr && (
        <table className="grid compact" data-testid="lpr-table">
          <thead><tr><th>{t('reference.lpr.date')}</th><th className="num">{t('reference.lpr.oneYear')}</th><th className="num">{t('reference.lpr.fiveYear')}</th></tr></thead>
          <tbody>{[...lpr.fixings].reverse().map((f) => (
            <tr key={f.date}><td>{f.date}</td><td className="num">{formatBpAsPercent(f.oneYearBp)}</td><td className="num">{formatBpAsPercent(f.fiveYearBp)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDay } from '../../../domain/time/branch-time';
import type { AuditEntries, AuditEntryView, AuditVerification, Bilingual } from '../../../main/core/audit/audit.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText, fieldLabel } from '../labels';
import { formatFieldValue } from '../customers/format';
import { ScreenLoading } from '../ScreenLoading';

type Translate = ReturnType<typeof useTranslation>['t'];
const inLanguage = (text: Bilingual, lang: string) => (lang.startsWith('en') ? text.en : text['zh-CN']);

/** The chain's verification: a plain sentence, head office's part in it, and every break in words. */
function Verification({ t, lang }: { t: Translate; lang: string }) {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(() => {
    api.call('audit.verify', {}).then((r) => { setResult(r); setError(null); }, (e: unknown) => setError(errorText(e, t)));
  }, [t]);
  useEffect(run, [run]);
  const verify = () => {
    setResult(null);
    setError(null);
    run();
  };
  const breaks = result ? [...result.devices.flatMap((d) => d.breaks), ...result.index.breaks] : [];
  return (
    <section className="audit-panel" aria-labelledby="audit-verify-title" data-testid="audit-verification">
      <h3 id="audit-verify-title">{t('audit.ui.verifyTitle')}</h3>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!result && !error && <p className="muted" role="status">{t('audit.ui.verifying')}</p>}
      {result && (
        <>
          <p className={result.ok ? 'notice notice-info' : 'notice notice-error'} role={result.ok ? 'status' : 'alert'} data-testid="audit-summary">
            {result.ok ? '✓ ' : '⚠ '}{inLanguage(result.summary, lang)}
          </p>
          {breaks.length > 0 && (
            <ul data-testid="audit-breaks">
              {breaks.map((b) => <li key={`${b.kind}-${b.entryId}`}>{inLanguage(b.message, lang)}</li>)}
            </ul>
          )}
          <p className="muted">{t(`audit.ui.headOffice.${result.headOffice}`)} · {t('audit.ui.checkedAt', { at: showDateTime(result.checkedAt, true) })}</p>
        </>
      )}
      <button type="button" className="button" onClick={verify} disabled={!result && !error}>{t('audit.ui.reverify')}</button>
    </section>
  );
}

function actionText(e: AuditEntryView, t: Translate): string {
  const key = `desk.action.${e.action}`;
  const text = t(key);
  return text === key ? e.action : text;
}

/** "姓名：张三；电话：138… → 139…", labelled and formatted as the customer's history shows them. */
function changesText(e: AuditEntryView, t: Translate): string {
  const kind = e.changes.find((c) => c.field === 'kind')?.after === 'enterprise' ? 'enterprise' : 'individual';
  return e.changes.map((c) => {
    const label = fieldLabel(c.field, kind, t);
    const after = formatFieldValue(c.field, c.after, t);
    return c.before === null ? `${label}：${after}` : `${label}：${formatFieldValue(c.field, c.before, t)} → ${after}`;
  }).join('；');
}

interface Filter {
  customer: string;
  staffNo: string;
  day: string;
  viewsOnly: boolean;
}

/** 审计日志: the chain's verification on top, then the entries per customer, staff member and day, each checked. */
export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [filter, setFilter] = useState<Filter>({ customer: '', staffNo: '', day: '', viewsOnly: false });
  const [found, setFound] = useState<AuditEntries | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const day = filter.day.trim() ? parseDay(filter.day) : undefined;
  // Only the latest search's answer is shown: an earlier, slower one must not overwrite it.
  const latest = useRef(0);

  /** Asks for the entries; state changes only when the answer comes (an effect may call it). */
  const ask = useCallback((f: Filter, d: string | undefined) => {
    const asked = ++latest.current;
    api.call('audit.entries', {
      customer: f.customer.trim() || undefined, staffNo: f.staffNo.trim() || undefined, day: d, viewsOnly: f.viewsOnly || undefined,
    }).then(
      (r) => { if (asked === latest.current) { setFound(r); setError(null); setBusy(false); } },
      (e: unknown) => { if (asked === latest.current) { setError(errorText(e, t)); setBusy(false); } },
    );
  }, [t]);
  // The newest entries of the branch first, before any filter is typed.
  useEffect(() => ask({ customer: '', staffNo: '', day: '', viewsOnly: false }, undefined), [ask]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (day === null) return;
    setBusy(true);
    ask(filter, day);
  };
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <section className="screen" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.ui.title')}</h2>
      <Verification t={t} lang={i18n.language} />
      <form className="audit-panel audit-filter" onSubmit={submit} aria-label={t('audit.ui.filterTitle')} data-testid="audit-filter">
        <label htmlFor={`${id}-customer`}>{t('audit.ui.customer')}</label>
        <input id={`${id}-customer`} value={filter.customer} maxLength={60} onChange={(e) => set({ customer: e.target.value })} />
        <label htmlFor={`${id}-staff`}>{t('audit.ui.staffNo')}</label>
        <input id={`${id}-staff`} value={filter.staffNo} maxLength={16} onChange={(e) => set({ staffNo: e.target.value })} />
        <label htmlFor={`${id}-day`}>{t('audit.ui.day')}</label>
        <input id={`${id}-day`} value={filter.day} inputMode="numeric" placeholder="2026-03-05" aria-invalid={day === null} onChange={(e) => set({ day: e.target.value })} />
        <label className="checkbox">
          <input type="checkbox" checked={filter.viewsOnly} onChange={(e) => set({ viewsOnly: e.target.checked })} />
          {t('audit.ui.viewsOnly')}
        </label>
        <button type="submit" className="button button-primary" disabled={day === null}>{t('audit.ui.search')}</button>
        {day === null && <span className="field-error" role="alert">{t('audit.ui.dayInvalid')}</span>}
      </form>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {busy && !found ? <ScreenLoading /> : found && <Entries found={found} filter={filter} t={t} />}
    </section>
  );
}

function Entries({ found, filter, t }: { found: AuditEntries; filter: Filter; t: Translate }) {
  if (found.customers && !found.customers.length) return <p className="muted" data-testid="audit-empty">{t('audit.ui.noCustomer', { text: filter.customer.trim() })}</p>;
  return (
    <>
      {found.customers && <p data-testid="audit-customers">{t('audit.ui.customers', { names: found.customers.map((c) => c.name).join('、') })}</p>}
      {!found.entries.length ? (
        <p className="muted" data-testid="audit-empty">{t('audit.ui.empty')}</p>
      ) : (
        <>
          <p className="muted">{found.truncated ? t('audit.ui.truncated', { count: found.entries.length }) : t('audit.ui.count', { count: found.entries.length })}</p>
          <table className="grid results audit-entries" data-testid="audit-entries">
            <thead>
              <tr>{['at', 'action', 'entity', 'actor', 'device', 'changes', 'integrity'].map((c) => <th key={c} scope="col">{t(`audit.ui.col.${c}`)}</th>)}</tr>
            </thead>
            <tbody>
              {found.entries.map((e) => (
                <tr key={e.id} className={e.integrity === 'ok' ? undefined : 'row-warn'} data-testid="audit-entry">
                  <td>{showDateTime(e.at, true)}</td>
                  <td>{actionText(e, t)}</td>
                  <td>{e.entityName ?? e.entity}</td>
                  <td>{t('audit.ui.actor', { name: e.actorName, staffNo: e.actor })}</td>
                  <td>{e.seq === null ? e.device : `${e.device} · ${e.seq}`}</td>
                  <td>{e.action === 'customer.view' ? t('audit.ui.viewed') : changesText(e, t)}</td>
                  <td data-testid="audit-integrity">{e.integrity === 'ok' ? `✓ ${t('audit.integrity.ok')}` : `⚠ ${t(`audit.integrity.${e.integrity}`)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

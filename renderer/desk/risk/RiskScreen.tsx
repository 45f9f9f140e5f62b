import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchScan } from '../../../domain/post-loan/branch-scan';
import type { LoanStateView, MyRiskEvents, RiskActionKind, RiskActionView, RiskEventView, RiskScript, ScriptSendResult } from '../../../main/core/risk/risk.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { formatYuan, yuanToFen } from '../credit/credit-format';
import { Dialog } from '../Dialog';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import '../credit/credit.css';

type Translate = ReturnType<typeof useTranslation>['t'];

/** The nav's badge: open events and how many are past their deadline, seen at login. */
export function RiskBadge() {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<MyRiskEvents['counts'] | null>(null);
  useEffect(() => {
    api.call('risk.myEvents', { status: 'open' }).then((d) => setCounts(d.counts), () => setCounts(null));
  }, []);
  if (!counts || counts.open === 0) return null;
  return (
    <span className={counts.pastDeadline > 0 ? 'nav-badge nav-badge-warn' : 'nav-badge'} data-testid="risk-badge" title={t('risk.counts', counts)}>
      {counts.open}
    </span>
  );
}

/** 贷后风险事件: the events dispatched to me (by role) with their deadlines; an event opens with its loan and its actions. */
export function RiskScreen({ path, navigate, session }: ScreenProps) {
  if (path[0]) return <RiskEventPage id={path[0]} canClose={session.permissions.includes('risk.handle')} back={() => navigate([])} />;
  return <RiskEventList open={(id) => navigate([id])} />;
}

function deadlineText(e: RiskEventView, t: Translate): string {
  if (e.status === 'closed') return e.deadline;
  if (e.daysLeft < 0) return `${e.deadline}（${t('risk.pastDue', { n: -e.daysLeft })}）`;
  if (e.daysLeft === 0) return `${e.deadline}（${t('risk.dueToday')}）`;
  return `${e.deadline}（${t('risk.daysLeft', { n: e.daysLeft })}）`;
}

const causeText = (e: RiskEventView, t: Translate) => `${t(`risk.cause.${e.cause}`)}：${e.message}`;

function RiskEventList({ open }: { open(id: string): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [data, setData] = useState<MyRiskEvents | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api.call('risk.myEvents', { status }).then(setData, (e: unknown) => setError(errorText(e, t)));
  }, [status, reload, t]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <div className="credit-page">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('risk.title')}</h1>
        <div className="tabs" role="tablist">
          {(['open', 'closed'] as const).map((s) => (
            <button key={s} type="button" role="tab" aria-selected={status === s} className={status === s ? 'tab active' : 'tab'} onClick={() => {
              if (s === status) return;
              // The other tab's rows must not stand in for this one's while it loads.
              setData(null);
              setSelected([]);
              setStatus(s);
            }}>
              {t(s === 'open' ? 'risk.mine' : 'risk.closed')}
            </button>
          ))}
        </div>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!error && !data && <ScreenLoading />}
      {data && status === 'open' && <p className="notice" data-testid="risk-counts">{t('risk.counts', data.counts)}</p>}
      {data && status === 'open' && (
        <div className="credit-toolbar">
          <button type="button" className="primary" disabled={selected.length === 0} title={selected.length === 0 ? t('risk.bulk.none') : undefined} onClick={() => setBulk(true)} data-testid="risk-bulk-send">
            {t('risk.bulk.send', { n: selected.length })}
          </button>
        </div>
      )}
      {bulk && (
        <BulkSendDialog
          events={selected}
          close={() => {
            setBulk(false);
            setSelected([]);
            setReload((n) => n + 1);
          }}
        />
      )}
      {data && (
        <table className="grid results" data-testid="risk-event-list">
          <thead>
            <tr>
              {status === 'open' && <th>{t('risk.bulk.select')}</th>}
              <th>{t('risk.col.customer')}</th><th>{t('risk.col.account')}</th><th>{t('risk.col.cause')}</th><th>{t('risk.col.raisedOn')}</th>
              <th>{t('risk.col.deadline')}</th><th>{t('risk.col.queue')}</th><th>{t('risk.col.last')}</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((e) => (
              <tr key={e.id} data-testid="risk-event-row" className={e.status === 'open' && e.daysLeft < 0 ? 'row-warn' : undefined} onClick={() => open(e.id)}>
                {status === 'open' && (
                  <td onClick={(ev) => ev.stopPropagation()}>
                    <input type="checkbox" checked={selected.includes(e.id)} onChange={() => toggle(e.id)} aria-label={`${t('risk.bulk.select')} ${e.name}`} data-testid="risk-select" />
                  </td>
                )}
                <td className="cell-name"><a href={`#/risk/${encodeURIComponent(e.id)}`}>{e.name}</a></td>
                <td className="mono">{e.account}</td>
                <td>{causeText(e, t)}</td>
                <td>{e.raisedOn}</td>
                <td data-testid="risk-deadline">{deadlineText(e, t)}</td>
                <td>{t(`risk.queue.${e.queue}`)}{e.handler && <span data-testid="risk-handler">{` · ${t('risk.assignedTo', { name: e.handlerName ?? e.handler })}`}</span>}</td>
                <td className="muted">{e.lastAction ? `${t(`risk.action.${e.lastAction.kind}`)} · ${e.lastAction.byName} · ${showDateTime(e.lastAction.at)}` : '—'}</td>
              </tr>
            ))}
            {data.events.length === 0 && <tr><td colSpan={status === 'open' ? 8 : 7} className="muted">{t(status === 'open' ? 'risk.empty' : 'risk.emptyClosed')}</td></tr>}
          </tbody>
        </table>
      )}
      {status === 'open' && <BranchScanPanel />}
    </div>
  );
}

/**
 * 群发: previews each selected customer's script (their stage, their figures), sends on a deliberate confirm, then
 * shows what happened to each: handed to head office's outbox, held for the quiet hours, or refused (opted out).
 */
function BulkSendDialog({ events, close }: { events: string[]; close(): void }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<{ id: string; name: string; script: RiskScript | null }[] | null>(null);
  const [results, setResults] = useState<ScriptSendResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all(events.map((id) => api.call('risk.event', { id }).then((d) => ({ id, name: d.event.name, script: d.script })))).then(setPreview, (e: unknown) => setError(errorText(e, t)));
  }, [events, t]);

  async function send() {
    setBusy(true);
    setError(null);
    try {
      setResults((await api.call('risk.sendScripts', { events })).results);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={results ? t('risk.bulk.result') : t('risk.bulk.title')}
      onRequestClose={close}
      testId="risk-bulk-dialog"
      wide
      footer={
        <>
          {!results && <button type="button" className="primary" disabled={busy || !preview} onClick={send} data-testid="risk-bulk-confirm" data-autofocus>{t('risk.bulk.confirm')}</button>}
          <button type="button" onClick={close} data-testid="risk-bulk-close">{t('risk.bulk.cancel')}</button>
        </>
      }
    >
      {!results && preview?.[0]?.script && <p className="muted">{t('risk.bulk.preview', preview[0].script.quietHours)}</p>}
      {!preview && !error && <ScreenLoading />}
      {preview && !results && (
        <ul className="timeline" data-testid="risk-bulk-preview">
          {preview.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>{p.script && `（${t(`risk.stage.${p.script.stage}`)}）`}：{p.script?.optedOut ? t('risk.script.optedOut') : p.script?.text}
            </li>
          ))}
        </ul>
      )}
      {results && (
        <table className="grid" data-testid="risk-bulk-results">
          <tbody>
            {results.map((r) => (
              <tr key={r.event} data-testid="risk-bulk-result" data-outcome={r.outcome}>
                <td className="cell-name">{r.name}</td>
                <td className="mono">{r.account}</td>
                <td>{t(`risk.bulk.outcome.${r.outcome}`, { at: r.sendableAt ? showDateTime(r.sendableAt) : '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
    </Dialog>
  );
}

/** 标准话术: head office's script for the event's stage, with the customer's figures filled in. */
function ScriptPanel({ script }: { script: RiskScript }) {
  const { t } = useTranslation();
  return (
    <section data-testid="risk-script">
      <h2 className="pane-subtitle">{t('risk.script.title')}</h2>
      <p className="muted">{t('risk.script.version', { version: script.version, stage: t(`risk.stage.${script.stage}`) })}</p>
      {script.optedOut ? <p className="notice notice-error" role="status">{t('risk.script.optedOut')}</p> : <blockquote data-testid="risk-script-text">{script.text}</blockquote>}
    </section>
  );
}

const CLASSES = ['normal', 'special-mention', 'substandard', 'doubtful', 'loss'] as const;

/** 本行贷款今日扫描: the branch's own scan on head office's last published loan states — works offline. */
function BranchScanPanel() {
  const { t } = useTranslation();
  const [scan, setScan] = useState<BranchScan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('risk.branchScan', {}).then(setScan, (e: unknown) => setError(errorText(e, t)));
  }, [t]);
  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (!scan) return <p className="muted">{t('risk.scan.loading')}</p>;
  return (
    <section data-testid="risk-branch-scan">
      <h2>{t('risk.scan.title')}</h2>
      <p className="muted">{t('risk.scan.note', { date: scan.date, loans: scan.loans })}</p>
      <table className="grid" data-testid="risk-scan-classes">
        <thead>
          <tr><th>{t('risk.loan.class')}</th>{CLASSES.map((c) => <th key={c}>{t(`credit.classification.${c}`)}</th>)}</tr>
        </thead>
        <tbody>
          <tr><td>{t('risk.scan.loans')}</td>{CLASSES.map((c) => <td key={c}>{scan.byClass[c].loans}</td>)}</tr>
          <tr><td>{t('risk.loan.balance')}</td>{CLASSES.map((c) => <td key={c}>{formatYuan(scan.byClass[c].balanceFen)}</td>)}</tr>
        </tbody>
      </table>
      <h3>{t('risk.scan.changes')}</h3>
      <table className="grid results" data-testid="risk-scan-changes">
        <thead>
          <tr><th>{t('risk.col.customer')}</th><th>{t('risk.col.account')}</th><th>{t('risk.loan.overdueDays')}</th><th>{t('risk.scan.published')}</th><th>{t('risk.scan.today')}</th><th>{t('risk.col.cause')}</th></tr>
        </thead>
        <tbody>
          {scan.changes.map((c) => (
            <tr key={c.account} data-testid="risk-scan-change">
              <td className="cell-name">{c.name}</td>
              <td className="mono">{c.account}</td>
              <td>{c.overdueDays}</td>
              <td>{t(`credit.classification.${c.published}`)}</td>
              <td>{t(`credit.classification.${c.classification}`)}</td>
              <td>{c.raised.map((r) => `${t(`risk.cause.${r.cause}`)}：${r.messageZh}`).join('；')}</td>
            </tr>
          ))}
          {scan.changes.length === 0 && <tr><td colSpan={6} className="muted">{t('risk.scan.noChanges')}</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

function LoanPanel({ loan }: { loan: LoanStateView | null }) {
  const { t } = useTranslation();
  if (!loan) return <p className="muted">{t('risk.loan.none')}</p>;
  const rows: [string, string][] = [
    ['risk.loan.balance', formatYuan(loan.balanceFen)],
    ['risk.loan.overdue', formatYuan(loan.overdueFen)],
    ['risk.loan.overdueDays', String(loan.overdueDays)],
    ['risk.loan.class', t(`credit.classification.${loan.classification}`)],
    ['risk.loan.warning', t(`risk.warning.${loan.warningLevel}`)],
    ['risk.loan.nextDue', loan.nextDueDate ?? '—'],
    ['risk.loan.maturity', loan.maturityDate],
    ['risk.loan.history', loan.history.map((h) => `${h.m} ${t(`credit.classification.${h.c}`)}`).join('，') || '—'],
  ];
  return (
    <dl className="facts" data-testid="risk-loan">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const ACTIONS = ['visit', 'call', 'promise', 'restructure', 'legal', 'opt-out', 'close'] as const satisfies readonly RiskActionKind[];

function RecordForm({ event, canClose, onSaved }: { event: string; canClose: boolean; onSaved(a: RiskActionView): void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<(typeof ACTIONS)[number]>('visit');
  const [note, setNote] = useState('');
  const [promiseDate, setPromiseDate] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const promise = action === 'promise' ? { promiseDate: promiseDate.trim() || undefined, promiseAmountFen: yuanToFen(amount) ?? undefined } : {};
      onSaved(await api.call('risk.record', { event, action, note, ...promise }));
      setNote('');
      setPromiseDate('');
      setAmount('');
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} data-testid="risk-record-form">
      <h2 className="pane-subtitle">{t('risk.record')}</h2>
      <label>
        {t('field.action')}
        <select value={action} onChange={(e) => setAction(e.target.value as (typeof ACTIONS)[number])} data-testid="risk-action" autoFocus>
          {ACTIONS.filter((a) => a !== 'close' || canClose).map((a) => (
            <option key={a} value={a}>{t(`risk.action.${a}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('field.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="risk-note" />
      </label>
      {action === 'promise' && (
        <>
          <label>
            {t('field.promiseDate')}
            <input value={promiseDate} onChange={(e) => setPromiseDate(e.target.value)} placeholder="2026-03-12" data-testid="risk-promise-date" />
          </label>
          <label>
            {t('field.promiseAmountFen')}
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" data-testid="risk-promise-amount" />
          </label>
        </>
      )}
      {error && <p className="notice notice-error" role="alert" data-testid="risk-record-error">{error}</p>}
      <button type="submit" className="primary" disabled={busy} data-testid="risk-record-save">{t('risk.record.save')}</button>
    </form>
  );
}

function RiskEventPage({ id, canClose, back }: { id: string; canClose: boolean; back(): void }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ event: RiskEventView; loan: LoanStateView | null; actions: RiskActionView[]; script: RiskScript | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    api.call('risk.event', { id }).then(setData, (e: unknown) => setError(errorText(e, t)));
  }, [id, refresh, t]);

  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (!data) return <ScreenLoading />;
  const { event: e } = data;
  return (
    <div className="credit-page" data-testid="risk-event-page">
      <div className="credit-toolbar">
        <button type="button" className="link" onClick={back}>{t('risk.back')}</button>
        <h1 className="pane-title">{e.name} · {e.account}</h1>
      </div>
      <p data-testid="risk-event-cause">{causeText(e, t)}</p>
      <p data-testid="risk-event-status">
        {t(`risk.queue.${e.queue}`)} · {t('risk.col.deadline')} {deadlineText(e, t)}
        {e.handler && ` · ${t('risk.assignedBy', { name: e.handlerName ?? e.handler, on: e.assignedOn ?? '' })}`}
        {e.escalatedOn && ` · ${t('risk.escalated', { on: e.escalatedOn })}`}
        {e.status === 'closed' && ` · ${e.closedBy === 'feed' ? t('risk.closedBy.feed', { on: e.closedOn ?? '' }) : t('risk.closedBy.staff', { on: e.closedOn ?? '', by: e.closedBy ?? '', reason: e.closeReason ?? '' })}`}
        {e.closeRequested && ` · ${t('risk.closeRequested')}`}
      </p>
      <h2 className="pane-subtitle">{t('risk.loan')}</h2>
      <LoanPanel loan={data.loan} />
      {data.script && <ScriptPanel script={data.script} />}
      <h2 className="pane-subtitle">{t('risk.actions')}</h2>
      <ul className="timeline" data-testid="risk-actions">
        {data.actions.map((a) => (
          <li key={a.id}>
            {showDateTime(a.at)} · {a.byName}（{a.by}） · {t(`risk.action.${a.kind}`)}：{a.note}
            {a.kind === 'promise' && a.promiseDate && ` · ${a.promiseDate} ${formatYuan(a.promiseAmountFen ?? 0)}`}
          </li>
        ))}
        {data.actions.length === 0 && <li className="muted">{t('risk.actions.empty')}</li>}
      </ul>
      {saved && <p className="notice" role="status">{t('risk.record.saved')}</p>}
      {e.status === 'open' && (
        <RecordForm
          event={e.id}
          canClose={canClose}
          onSaved={() => {
            setSaved(true);
            setRefresh((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

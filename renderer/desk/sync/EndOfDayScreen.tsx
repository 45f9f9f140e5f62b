import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncProgressEvent, SyncReport, SyncReportSummary } from '../../../main/core/sync/sync.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { showDate, showDateTime } from '../../format/time';
import { ScreenLoading } from '../ScreenLoading';
import { formatBytes } from './format';
import './sync.css';

function downloadCsv(name: string, csv: string): void {
  // BOM so that Excel on the branch PC opens the Chinese text as UTF-8.
  const blob = new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ByType({ byType }: { byType: Record<string, number> }) {
  const { t } = useTranslation();
  const rows = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  if (!rows.length) return <p className="muted">{t('sync.eod.nothing')}</p>;
  return (
    <table className="sync-table">
      <tbody>
        {rows.map(([type, n]) => (
          <tr key={type}>
            <td>{t(`sync.type.${type}`, { defaultValue: type })}</td>
            <td className="num">{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReportView({ report, onCsv }: { report: SyncReport; onCsv(): void }) {
  const { t } = useTranslation();
  return (
    <section className="sync-report" data-testid="sync-report">
      <header className="sync-report-head">
        <h2>{t('sync.eod.reportTitle', { branch: report.branch })}</h2>
        <div className="sync-actions no-print">
          <button type="button" className="button" onClick={() => window.print()}>{t('sync.eod.print')}</button>
          <button type="button" className="button" onClick={onCsv}>{t('sync.eod.csv')}</button>
        </div>
      </header>
      <p className={report.status === 'complete' ? 'notice notice-info' : 'notice notice-error'}>
        {report.status === 'complete' ? t('sync.eod.complete') : t('sync.eod.failed', { reason: t(`sync.failure.${report.error?.kind ?? 'failed'}`) })}
      </p>
      <dl className="sync-meta">
        <dt>{t('sync.eod.runBy')}</dt><dd>{report.runByName}（{report.runBy}）</dd>
        <dt>{t('sync.eod.device')}</dt><dd className="mono">{report.device}</dd>
        <dt>{t('sync.eod.time')}</dt><dd>{showDateTime(report.startedAt)} → {showDateTime(report.finishedAt)}</dd>
      </dl>
      <div className="sync-columns">
        <div>
          <h3>{t('sync.eod.up', { docs: report.up.docs, bytes: formatBytes(report.up.bytes) })}</h3>
          <ByType byType={report.up.byType} />
          {report.up.denied.length > 0 && <p className="error-text">{t('sync.eod.denied', { count: report.up.denied.length })}</p>}
        </div>
        <div>
          <h3>{t('sync.eod.down', { docs: report.down.docs, bytes: formatBytes(report.down.bytes) })}</h3>
          <ByType byType={report.down.byType} />
        </div>
        <div>
          <h3>{t('sync.eod.conflicts')}</h3>
          <p>{t('sync.eod.conflictsCreated', { count: report.conflictsCreated.length })}</p>
          <p>{t('sync.eod.conflictsOpen', { count: report.conflictsOpen })}</p>
          {report.conflictsOpen > 0 && <a className="no-print" href="#/conflicts">{t('sync.eod.toConflicts')}</a>}
        </div>
      </div>
    </section>
  );
}

/** 日终同步: the branch head runs it, watches docs and bytes move, and keeps the printed or exported report. */
export function EndOfDayScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SyncProgressEvent | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [history, setHistory] = useState<SyncReportSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadHistory = useCallback(() => {
    api.call('sync.reports', { limit: 20 }).then(setHistory, () => setHistory([]));
  }, []);
  useEffect(() => loadHistory(), [loadHistory]);
  useApiEvent('sync.progress', setProgress);

  async function start() {
    setRunning(true);
    setError(null);
    setReport(null);
    setProgress(null);
    try {
      setReport(await api.call('sync.endOfDay', {}));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setRunning(false);
      loadHistory();
    }
  }

  async function open(id: string) {
    try {
      setReport((await api.call('sync.report', { id })).report);
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  async function exportCsv(id: string) {
    const { csv, report: r } = await api.call('sync.report', { id });
    downloadCsv(`日终同步-${r.branch}-${showDate(r.finishedAt)}.csv`, csv);
  }

  const pct = progress && progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : running ? null : 0;
  return (
    <div className="sync-screen">
      <header className="pane-toolbar no-print">
        <h1 className="pane-title">{t('sync.eod.title')}</h1>
        <button type="button" className="button button-primary" disabled={running} onClick={() => void start()} data-testid="eod-start">
          {running ? t('sync.eod.running') : t('sync.eod.start')}
        </button>
      </header>
      {error && <p className="notice notice-error">{error}</p>}
      {(running || progress) && (
        <section className="sync-progress no-print" aria-live="polite">
          <div className="sync-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
            <div className={pct === null ? 'sync-bar-fill sync-bar-busy' : 'sync-bar-fill'} style={{ width: `${pct ?? 100}%` }} />
          </div>
          {progress && (
            <p className="sync-progress-text">
              {t(`sync.phase.${progress.phase}`)}（{progress.phaseIndex + 1}/{progress.phaseCount}）·{' '}
              {t('sync.eod.sent', { docs: progress.docsSent, bytes: formatBytes(progress.bytesSent) })} ·{' '}
              {t('sync.eod.received', { docs: progress.docsReceived, bytes: formatBytes(progress.bytesReceived) })}
            </p>
          )}
        </section>
      )}
      {report && <ReportView report={report} onCsv={() => void exportCsv(report.id)} />}
      <section className="sync-history no-print">
        <h2>{t('sync.eod.history')}</h2>
        {!history && <ScreenLoading />}
        {history && !history.length && <p className="empty" data-testid="eod-history-empty">{t('sync.eod.noHistory')}</p>}
        {history && history.length > 0 && (
        <table className="sync-table" data-testid="eod-history">
          <thead>
            <tr>
              <th>{t('sync.eod.time')}</th><th>{t('sync.eod.runBy')}</th><th>{t('sync.eod.status')}</th>
              <th className="num">{t('sync.eod.upShort')}</th><th className="num">{t('sync.eod.downShort')}</th><th className="num">{t('sync.eod.conflicts')}</th><th />
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{showDateTime(h.finishedAt)}</td>
                <td>{h.runByName}</td>
                <td className={h.status === 'complete' ? '' : 'error-text'}>{t(`sync.status.${h.status}`)}</td>
                <td className="num">{h.up}</td>
                <td className="num">{h.down}</td>
                <td className="num">{h.conflictsCreated}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => void open(h.id)}>{t('sync.eod.open')}</button>{' '}
                  <button type="button" className="link-button" onClick={() => void exportCsv(h.id)}>CSV</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
      </section>
    </div>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../../main/core/sync/sync.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import type { ScreenProps } from '../nav';
import { formatFieldValue } from '../customers/format';
import { showDateTime } from '../../format/time';
import './sync.css';

/** field → chosen revision, starting from the winner everywhere. */
type Choice = Record<string, string>;

function ConflictDetail({ conflict, onResolved }: { conflict: ConflictView; onResolved(): void }) {
  const { t } = useTranslation();
  const revisions = [conflict.winner, ...conflict.losers];
  const fields = useMemo(() => {
    const all = [...new Set(revisions.flatMap((r) => Object.keys(r.fields)))];
    // Differing fields first: that is what the branch head has to decide.
    return [...conflict.differing, ...all.filter((f) => !conflict.differing.includes(f))];
  }, [conflict]); // eslint-disable-line react-hooks/exhaustive-deps
  const [choice, setChoice] = useState<Choice>({});
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = (f: string) => choice[f] ?? conflict.winner.rev;

  async function submit() {
    setError(null);
    const picks = new Set(conflict.differing.map(chosen));
    const whole = picks.size === 1 ? [...picks][0]! : null;
    try {
      await api.call('conflicts.resolve', {
        id: conflict.id,
        revs: revisions.map((r) => r.rev),
        choice: whole ? { kind: 'pick', rev: whole } : { kind: 'merge', fields: Object.fromEntries(conflict.differing.map((f) => [f, chosen(f)])) },
      });
      setConfirming(false);
      onResolved();
    } catch (e) {
      setConfirming(false);
      setError(errorText(e, t));
    }
  }

  return (
    <section className="conflict-detail" data-testid="conflict-detail">
      <h2>{t(`sync.type.${conflict.type}`, { defaultValue: conflict.type })} · <span className="mono">{conflict.id}</span></h2>
      <p className="muted">{t('sync.conflict.explain')}</p>
      {error && <p className="notice notice-error">{error}</p>}
      <table className="sync-table conflict-table">
        <thead>
          <tr>
            <th>{t('sync.conflict.field')}</th>
            {revisions.map((r, i) => (
              <th key={r.rev}>
                {i === 0 ? t('sync.conflict.winner') : t('sync.conflict.loser', { n: i })}
                <div className="muted small">{r.updatedBy ?? '—'} · {showDateTime(r.updatedAt)}</div>
                <button type="button" className="button button-small" onClick={() => setChoice(Object.fromEntries(fields.map((f) => [f, r.rev])))}>
                  {t('sync.conflict.takeAll')}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const differs = conflict.differing.includes(f);
            return (
              <tr key={f} className={differs ? 'conflict-differs' : undefined}>
                <td>{t(`field.${f}`, { defaultValue: f })}</td>
                {revisions.map((r) => (
                  <td key={r.rev} className={chosen(f) === r.rev && differs ? 'conflict-chosen' : undefined}>
                    {differs ? (
                      <label className="conflict-option">
                        <input type="radio" name={`f-${f}`} checked={chosen(f) === r.rev} onChange={() => setChoice((c) => ({ ...c, [f]: r.rev }))} />
                        <span>{formatFieldValue(f, r.fields[f], t)}</span>
                      </label>
                    ) : (
                      <span className="muted">{formatFieldValue(f, r.fields[f], t)}</span>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!confirming ? (
        <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>{t('sync.conflict.resolve')}</button>
      ) : (
        <div className="notice notice-warning conflict-confirm">
          <p>{t('sync.conflict.confirm', { count: conflict.losers.length })}</p>
          <button type="button" className="button button-primary" onClick={() => void submit()} data-testid="conflict-confirm">{t('sync.conflict.confirmYes')}</button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>{t('sync.conflict.cancel')}</button>
        </div>
      )}
    </section>
  );
}

/** 冲突处理: documents edited on two devices offline; CouchDB kept one as winner, the branch head decides. */
export function ConflictsScreen({ path, navigate }: ScreenProps) {
  const { t } = useTranslation();
  const [list, setList] = useState<ConflictView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.call('conflicts.list', {}).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [t]);
  useEffect(() => load(), [load]);
  useApiEvent('sync.status', () => load());
  const selected = list?.find((c) => c.id === path[0]) ?? list?.[0] ?? null;

  return (
    <div className="conflicts-screen">
      <aside className="conflict-list">
        <h1 className="pane-title">{t('sync.conflict.title')}</h1>
        {error && <p className="notice notice-error" role="alert">{error}</p>}
        {!list && !error && <ScreenLoading />}
        {list && !list.length && <p className="empty" data-testid="conflicts-none">{t('sync.conflict.none')}</p>}
        <ul>
          {list?.map((c) => (
            <li key={c.id}>
              <button type="button" className={c === selected ? 'conflict-item active' : 'conflict-item'} onClick={() => navigate([c.id])}>
                <strong>{formatFieldValue('name', c.winner.fields.name ?? c.id, t)}</strong>
                <span className="muted">{t('sync.conflict.fieldsDiffer', { count: c.differing.length })}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <main className="conflict-main">{selected && <ConflictDetail key={selected.id + selected.winner.rev} conflict={selected} onResolved={load} />}</main>
    </div>
  );
}

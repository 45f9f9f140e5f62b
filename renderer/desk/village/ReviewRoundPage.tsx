import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/credit/money-format';
import { parseYuan } from '../../../domain/village/household-file';
import { INTEGRITY_GRADES, type IntegrityGrade, type ReviewScore } from '../../../domain/village/review';
import type { SessionView } from '../../../main/core/session/session.contract';
import type { OpenedRound, ReviewRound } from '../../../main/core/village/village-review.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';
import { BatchApprovalForm } from './BatchApprovalForm';
import { SeatCodes } from './VillageReviewScreen';

interface Draft { integrity: IntegrityGrade | ''; recommend: '' | 'yes' | 'no'; limit: string; reasons: string }
const EMPTY: Draft = { integrity: '', recommend: '', limit: '', reasons: '' };

/**
 * One panel member at the laptop: picks their seat, types the code from their slip and scores every household.
 * The form starts empty for each seat and is cleared once handed in, so the next member sees nothing of it.
 */
function SeatScoring({ round, onDone }: { round: ReviewRound; onDone(): void }) {
  const { t } = useTranslation();
  const waiting = round.panel.filter((p) => !p.submitted);
  const [seat, setSeat] = useState(waiting[0]?.seat ?? 0);
  const [code, setCode] = useState('');
  const [drafts, setDrafts] = useState<Draft[]>(() => round.households.map(() => EMPTY));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Draft>) => setDrafts((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  async function submit() {
    setError(null);
    const scores: (ReviewScore & { householdId: string })[] = [];
    for (const [i, d] of drafts.entries()) {
      const h = round.households[i]!;
      const limitFen = d.recommend === 'yes' ? parseYuan(d.limit) : 0;
      if (!d.integrity || !d.recommend) return setError(t('village.review.scoreMissing', { head: h.headName }));
      if (limitFen === null || Number.isNaN(limitFen) || (d.recommend === 'yes' && limitFen <= 0) || limitFen > 100_000_000) return setError(t('village.review.limitInvalid', { head: h.headName }));
      scores.push({ householdId: h.id, integrity: d.integrity, recommend: d.recommend === 'yes', suggestedLimitFen: limitFen, reasons: d.reasons.trim() });
    }
    if (!/^\d{6}$/u.test(code)) return setError(t('village.review.codeFormat'));
    setBusy(true);
    try {
      await api.call('village.submitScores', { id: round.id, seat, code, scores });
      setCode('');
      setDrafts(round.households.map(() => EMPTY));
      onDone();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (waiting.length === 0) return <p className="notice notice-info">{t('village.review.allSubmitted')}</p>;
  return (
    <section className="village-section" data-testid="seat-scoring">
      <h3>{t('village.review.scoreTitle')}</h3>
      <p className="muted">{t('village.review.scoreHint')}</p>
      <div className="village-toolbar">
        <label>
          {t('village.review.seat')}
          <select value={seat} onChange={(e) => setSeat(Number(e.target.value))} data-testid="score-seat">
            {waiting.map((p) => <option key={p.seat} value={p.seat}>{t('village.review.seatOption', { seat: p.seat, name: p.name })}</option>)}
          </select>
        </label>
        <label>
          {t('village.review.code')}
          <input type="password" inputMode="numeric" autoComplete="off" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} data-testid="score-code" />
        </label>
      </div>
      <table className="village-table">
        <thead>
          <tr><th>{t('village.ui.householdNo')}</th><th>{t('village.ui.head')}</th><th>{t('village.review.integrity')}</th><th>{t('village.review.recommend')}</th><th>{t('village.review.suggested')}</th><th>{t('village.review.reasons')}</th></tr>
        </thead>
        <tbody>
          {round.households.map((h, i) => (
            <tr key={h.id} data-household={h.householdNo}>
              <td>{h.householdNo}</td><td>{h.headName}</td>
              <td>
                <select aria-label={t('village.review.integrity')} value={drafts[i]!.integrity} onChange={(e) => set(i, { integrity: e.target.value as IntegrityGrade })}>
                  <option value="">—</option>
                  {INTEGRITY_GRADES.map((g) => <option key={g} value={g}>{t(`village.review.grade.${g}`)}</option>)}
                </select>
              </td>
              <td>
                <select aria-label={t('village.review.recommend')} value={drafts[i]!.recommend} onChange={(e) => set(i, { recommend: e.target.value as Draft['recommend'] })}>
                  <option value="">—</option>
                  <option value="yes">{t('village.review.yes')}</option>
                  <option value="no">{t('village.review.no')}</option>
                </select>
              </td>
              <td><input aria-label={t('village.review.suggested')} inputMode="decimal" value={drafts[i]!.limit} disabled={drafts[i]!.recommend !== 'yes'} onChange={(e) => set(i, { limit: e.target.value })} /></td>
              <td><input aria-label={t('village.review.reasons')} maxLength={200} value={drafts[i]!.reasons} onChange={(e) => set(i, { reasons: e.target.value })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <div className="village-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit()} data-testid="score-submit">{t('village.review.submit')}</button>
      </div>
    </section>
  );
}

/** The closed round as the printed review sheet: every seat's score, the outcome by head office's rules, signature lines. */
function ReviewSheet({ round }: { round: ReviewRound }) {
  const { t } = useTranslation();
  const scoreText = (s: ReviewScore | null) =>
    s ? `${t(`village.review.grade.${s.integrity}`)} · ${s.recommend ? t('village.review.yesLimit', { limit: formatYuan(s.suggestedLimitFen) }) : t('village.review.no')}${s.reasons ? ` · ${s.reasons}` : ''}` : t('village.review.noScore');
  return (
    <section className="village-section" data-testid="review-sheet">
      <table className="village-table">
        <thead>
          <tr>
            <th>{t('village.ui.householdNo')}</th><th>{t('village.ui.head')}</th><th>{t('village.ui.preCredit')}</th>
            {round.panel.map((p) => <th key={p.seat}>{p.name}</th>)}
            <th>{t('village.review.outcome')}</th><th>{t('village.review.reviewedLimit')}</th>
            {round.approval && <th>{t('village.approval.decision')}</th>}
          </tr>
        </thead>
        <tbody>
          {round.households.map((h, i) => {
            const r = round.results![i]!;
            const d = round.approval?.decisions[i];
            return (
              <tr key={h.id} data-household={h.householdNo}>
                <td>{h.householdNo}</td><td>{h.headName}</td><td className="num">{formatYuan(h.preCreditFen)}</td>
                {r.scores.map((s, j) => <td key={j}>{scoreText(s)}</td>)}
                <td>{t(`village.review.outcome.${r.outcome.status}`)}{r.outcome.notesZh.length > 0 && <div className="muted small">{r.outcome.notesZh.join('；')}</div>}</td>
                <td className="num">{r.outcome.status === 'passed' ? formatYuan(r.outcome.limitFen) : ''}</td>
                {round.approval && (
                  <td data-testid="approval-decision">
                    {!d ? t('village.approval.notGranted') : 'refused' in d ? t('village.approval.refusedWhy', { reason: d.refused }) : t('village.approval.granted', { limit: formatYuan(d.limitFen) }) + (d.exception ? `（${t('village.approval.exceptionWhy', { reason: d.exception })}）` : '')}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="review-signatures">
        {round.panel.map((p) => <span key={p.seat}>{t('village.review.signature', { name: p.name, role: t(`village.review.role.${p.role}`) })}</span>)}
      </div>
    </section>
  );
}

export function ReviewRoundPage({ id, session, onBack, onOpenRound }: { id: string; session: SessionView; onBack(): void; onOpenRound(id: string): void }) {
  const { t } = useTranslation();
  const [round, setRound] = useState<ReviewRound | null>(null);
  const [opened, setOpened] = useState<OpenedRound | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api.call('village.review', { id }).then(setRound, (e: unknown) => setError(errorText(e, t))), [id, t]);
  useEffect(() => void load(), [load]);

  async function act(run: () => Promise<unknown>) {
    setError(null);
    setBusy(true);
    try {
      await run();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }
  const close = () => act(async () => { if (window.confirm(t('village.review.closeConfirm'))) setRound(await api.call('village.closeReview', { id })); });
  const secondRound = () => act(async () => setOpened(await api.call('village.openReview', { village: round!.village, panel: round!.panel.map(({ name, role }) => ({ name, role })), previousRoundId: id })));

  if (opened) return <div className="village-screen"><SeatCodes opened={opened} onStart={() => { setOpened(null); onOpenRound(opened.round.id); }} /></div>;
  if (!round) return error ? <div className="notice notice-error" role="alert">{error}</div> : null;
  const disputed = round.results?.filter((r) => r.outcome.status === 'disputed' || r.outcome.status === 'no-quorum').length ?? 0;
  return (
    <div className="village-screen" data-testid="review-round">
      <button type="button" className="button button-small no-print" onClick={onBack}>{t('village.review.back')}</button>
      <h2>{t('village.review.roundTitle', { village: round.village, round: round.round })}</h2>
      <p className="muted">
        {t('village.review.roundMeta', { households: round.households.length, quorum: round.quorum, version: round.rulesVersion, opened: showDateTime(round.openedAt) })}
        {round.closedAt && ` · ${t('village.review.closedAt', { at: showDateTime(round.closedAt) })}`}
      </p>
      <ul className="review-panel" data-testid="review-panel">
        {round.panel.map((p) => (
          <li key={p.seat} data-seat={p.seat}>
            {t('village.review.seatOption', { seat: p.seat, name: p.name })}（{t(`village.review.role.${p.role}`)}）：{p.submitted ? t('village.review.submitted') : t('village.review.notSubmitted')}
          </li>
        ))}
      </ul>
      {round.status === 'open' && (
        <>
          <p className="notice notice-info">{t('village.review.sealed')}</p>
          <SeatScoring key={round.panel.filter((p) => p.submitted).length} round={round} onDone={() => { setNotice(t('village.review.handedIn')); void load(); }} />
          {notice && <div className="notice notice-info" data-testid="review-notice">{notice}</div>}
          <div className="village-actions">
            <button type="button" className="button" disabled={busy} onClick={() => void close()} data-testid="review-close">{t('village.review.close')}</button>
          </div>
        </>
      )}
      {round.status === 'closed' && round.results && (
        <>
          <ReviewSheet round={round} />
          <div className="village-actions no-print">
            <button type="button" className="button" onClick={() => window.print()}>{t('village.review.print')}</button>
            {disputed > 0 && <button type="button" className="button" disabled={busy} onClick={() => void secondRound()}>{t('village.review.secondRound', { count: disputed })}</button>}
          </div>
          {round.approval ? (
            <p className="notice notice-info" data-testid="approval-summary">
              {t('village.approval.done', {
                granted: round.approval.granted, total: formatYuan(round.approval.grantedFen), refused: round.approval.refused, rate: (round.approval.rateBp / 100).toFixed(2),
                term: round.approval.termMonths, expires: round.approval.expiresOn, by: round.approval.approvedByName,
              })}
            </p>
          ) : session.permissions.includes('loan.approve') ? (
            <BatchApprovalForm round={round} onApproved={() => void load()} />
          ) : (
            <p className="muted">{t('village.approval.waiting')}</p>
          )}
        </>
      )}
      {error && <div className="notice notice-error" role="alert">{error}</div>}
    </div>
  );
}

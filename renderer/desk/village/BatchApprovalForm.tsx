import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/credit/money-format';
import { parseYuan } from '../../../domain/village/household-file';
import type { ReviewRound } from '../../../main/core/village/village-review.contract';
import { api } from '../../api/client';
import { parsePercentToBp } from '../customers/form-model';
import { errorText } from '../labels';

interface Exception { on: boolean; limit: string; reason: string }

/**
 * 批量授信 by the branch head: the households the panel passed are granted at their reviewed limits in one step;
 * any household can be taken out of that rule — granted although not passed (up to its pre-credit) or refused
 * although passed — each exception with its reason.
 */
export function BatchApprovalForm({ round, onApproved }: { round: ReviewRound; onApproved(): void }) {
  const { t } = useTranslation();
  const [rate, setRate] = useState('4.35');
  const [term, setTerm] = useState('36');
  const [exceptions, setExceptions] = useState<Exception[]>(() => round.households.map(() => ({ on: false, limit: '', reason: '' })));
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Exception>) => setExceptions((x) => x.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  const passed = (i: number) => round.results![i]!.outcome.status === 'passed';

  async function approve() {
    setError(null);
    const rateBp = parsePercentToBp(rate);
    const termMonths = /^\d{1,2}$/u.test(term.trim()) ? Number(term.trim()) : 0;
    if (rateBp === null || rateBp < 100 || rateBp > 2_400) return setError(t('village.approval.rateInvalid'));
    if (termMonths < 1 || termMonths > 60) return setError(t('village.approval.termInvalid'));
    const list = [];
    for (const [i, e] of exceptions.entries()) {
      if (!e.on) continue;
      const h = round.households[i]!;
      if (e.reason.trim().length < 2) return setError(t('village.approval.reasonMissing', { head: h.headName }));
      if (passed(i)) {
        list.push({ householdId: h.id, decision: 'refuse' as const, limitFen: 0, reason: e.reason.trim() });
      } else {
        const limitFen = parseYuan(e.limit);
        if (limitFen === null || Number.isNaN(limitFen) || limitFen <= 0 || limitFen > h.preCreditFen) return setError(t('village.approval.limitInvalid', { head: h.headName, max: formatYuan(h.preCreditFen) }));
        list.push({ householdId: h.id, decision: 'grant' as const, limitFen, reason: e.reason.trim() });
      }
    }
    if (!password) return setError(t('village.approval.passwordMissing'));
    setBusy(true);
    try {
      await api.call('village.approveBatch', { id: round.id, rateBp, termMonths, exceptions: list, password });
      onApproved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  const grantedFen = round.households.reduce((sum, h, i) => {
    const e = exceptions[i]!;
    if (passed(i)) return e.on ? sum : sum + round.results![i]!.outcome.limitFen;
    const fen = e.on ? parseYuan(e.limit) : null;
    return fen && !Number.isNaN(fen) ? sum + fen : sum;
  }, 0);
  return (
    <section className="village-section" data-testid="batch-approval">
      <h3>{t('village.approval.title')}</h3>
      <p className="muted">{t('village.approval.intro')}</p>
      <div className="village-toolbar">
        <label>{t('village.approval.rate')}<input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" /></label>
        <label>{t('village.approval.term')}<input value={term} onChange={(e) => setTerm(e.target.value)} inputMode="numeric" /></label>
      </div>
      <table className="village-table">
        <thead><tr><th>{t('village.ui.head')}</th><th>{t('village.review.outcome')}</th><th>{t('village.approval.exception')}</th><th>{t('village.approval.limit')}</th><th>{t('village.approval.reason')}</th></tr></thead>
        <tbody>
          {round.households.map((h, i) => {
            const e = exceptions[i]!;
            return (
              <tr key={h.id} data-household={h.householdNo}>
                <td>{h.headName}</td>
                <td>{t(`village.review.outcome.${round.results![i]!.outcome.status}`)}{passed(i) && ` · ${formatYuan(round.results![i]!.outcome.limitFen)}`}</td>
                <td><label><input type="checkbox" checked={e.on} onChange={(x) => set(i, { on: x.target.checked })} />{passed(i) ? t('village.approval.refuseInstead') : t('village.approval.grantInstead')}</label></td>
                <td>{e.on && !passed(i) && <input aria-label={t('village.approval.limit')} inputMode="decimal" value={e.limit} onChange={(x) => set(i, { limit: x.target.value })} placeholder={t('village.approval.upTo', { max: formatYuan(h.preCreditFen) })} />}</td>
                <td>{e.on && <input aria-label={t('village.approval.reason')} maxLength={200} value={e.reason} onChange={(x) => set(i, { reason: x.target.value })} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="village-toolbar">
        {/* The branch head's own password: head office issues the credit lines only on this proof, sealed to it. */}
        <label>{t('staffUi.ownPassword')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="approve-batch-password" /></label>
      </div>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <div className="village-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void approve()} data-testid="approve-batch">{t('village.approval.approve', { total: formatYuan(grantedFen) })}</button>
      </div>
    </section>
  );
}

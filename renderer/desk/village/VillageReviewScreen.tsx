import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedRound, ReviewRound } from '../../../main/core/village/village-review.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { CreditLinesPanel } from './CreditLinesPanel';
import { CreditVillagePanel } from './CreditVillagePanel';
import { ReviewRoundPage } from './ReviewRoundPage';
import './village.css';

type Role = 'cadre' | 'elder' | 'manager';
const ROLES: Role[] = ['cadre', 'elder', 'manager'];

/** The seat codes of a round just opened: shown once, to be printed as slips and handed to the panel. */
export function SeatCodes({ opened, onStart }: { opened: OpenedRound; onStart(): void }) {
  const { t } = useTranslation();
  return (
    <section className="village-section village-codes" data-testid="seat-codes">
      <h3>{t('village.review.codesTitle', { village: opened.round.village, round: opened.round.round })}</h3>
      <p className="notice notice-info">{t('village.review.codesHint')}</p>
      <table className="village-table">
        <thead><tr><th>{t('village.review.seat')}</th><th>{t('village.review.member')}</th><th>{t('village.review.code')}</th></tr></thead>
        <tbody>
          {opened.codes.map((c) => (
            <tr key={c.seat} data-seat={c.seat}><td className="num">{c.seat}</td><td>{c.name}</td><td className="seat-code">{c.code}</td></tr>
          ))}
        </tbody>
      </table>
      <div className="village-actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>{t('village.review.printCodes')}</button>
        <button type="button" className="button button-primary" onClick={onStart}>{t('village.review.start')}</button>
      </div>
    </section>
  );
}

/**
 * 村组评议 · 批量授信: the rounds of a village, a new round with its panel, and (by path) one round — seats scoring
 * back-to-back, the closed round's review sheet, and the branch head's batch approval.
 */
export function VillageReviewScreen({ session, path, navigate }: ScreenProps) {
  if (path[0] === 'round' && path[1]) return <ReviewRoundPage id={path[1]} session={session} onBack={() => navigate([])} onOpenRound={(id) => navigate(['round', id])} />;
  return <ReviewRounds navigate={navigate} />;
}

function ReviewRounds({ navigate }: Pick<ScreenProps, 'navigate'>) {
  const { t } = useTranslation();
  const [village, setVillage] = useState(() => sessionStorage.getItem('jingwei.village') ?? '');
  const [rounds, setRounds] = useState<Omit<ReviewRound, 'households' | 'results' | 'approval'>[] | null>(null);
  const [panel, setPanel] = useState<{ name: string; role: Role }[]>([{ name: '', role: 'cadre' }, { name: '', role: 'elder' }, { name: '', role: 'manager' }]);
  const [opened, setOpened] = useState<OpenedRound | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (name: string) => setRounds(name.trim() ? await api.call('village.reviews', { village: name.trim() }) : null), []);
  useEffect(() => {
    sessionStorage.setItem('jingwei.village', village);
    const timer = setTimeout(() => void load(village).catch(() => setRounds(null)), 300);
    return () => clearTimeout(timer);
  }, [village, load]);

  async function open() {
    setError(null);
    const members = panel.filter((p) => p.name.trim());
    if (!village.trim()) return setError(t('village.ui.villageRequired'));
    if (members.length < 2) return setError(t('village.review.panelTooSmall'));
    setBusy(true);
    try {
      setOpened(await api.call('village.openReview', { village: village.trim(), panel: members }));
      await load(village);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (opened) return <div className="village-screen"><SeatCodes opened={opened} onStart={() => navigate(['round', opened.round.id])} /></div>;
  const hasOpen = rounds?.some((r) => r.status === 'open') ?? false;
  return (
    <div className="village-screen">
      <h2>{t('village.review.title')}</h2>
      <p className="muted">{t('village.review.intro')}</p>
      <label className="village-field">
        {t('village.ui.villageName')}
        <input value={village} onChange={(e) => setVillage(e.target.value)} maxLength={60} data-testid="review-village" />
      </label>
      {rounds && (
        <section className="village-section" data-testid="review-rounds">
          <h3>{rounds.length ? t('village.review.rounds', { village: village.trim() }) : t('village.review.noRounds')}</h3>
          {rounds.length > 0 && (
            <table className="village-table">
              <thead><tr><th>{t('village.review.roundNo')}</th><th>{t('village.review.status')}</th><th>{t('village.review.panel')}</th><th>{t('village.review.openedAt')}</th></tr></thead>
              <tbody>
                {rounds.map((r) => (
                  <tr key={r.id}>
                    <td><a href={`#/village-review/round/${encodeURIComponent(r.id)}`} onClick={(e) => { e.preventDefault(); navigate(['round', r.id]); }}>{t('village.review.roundN', { round: r.round })}</a></td>
                    <td>{t(`village.review.status.${r.status}`)}</td>
                    <td>{t('village.review.submittedOf', { submitted: r.panel.filter((p) => p.submitted).length, total: r.panel.length })}</td>
                    <td>{showDateTime(r.openedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {rounds && <CreditVillagePanel key={rounds.map((r) => r.status).join()} village={village.trim()} />}
      {rounds && village.trim() && <CreditLinesPanel village={village.trim()} />}
      {!hasOpen && (
        <section className="village-section" data-testid="open-review">
          <h3>{t('village.review.newRound')}</h3>
          <table className="village-table">
            <thead><tr><th>{t('village.review.seat')}</th><th>{t('village.review.member')}</th><th>{t('village.review.role')}</th><th /></tr></thead>
            <tbody>
              {panel.map((p, i) => (
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  <td><input aria-label={t('village.review.memberN', { seat: i + 1 })} value={p.name} maxLength={40} onChange={(e) => setPanel((x) => x.map((y, j) => (j === i ? { ...y, name: e.target.value } : y)))} /></td>
                  <td>
                    <select aria-label={t('village.review.roleN', { seat: i + 1 })} value={p.role} onChange={(e) => setPanel((x) => x.map((y, j) => (j === i ? { ...y, role: e.target.value as Role } : y)))}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`village.review.role.${r}`)}</option>)}
                    </select>
                  </td>
                  <td>{panel.length > 2 && <button type="button" className="button button-small" onClick={() => setPanel((x) => x.filter((_, j) => j !== i))}>{t('village.review.removeMember')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="village-actions">
            {panel.length < 15 && <button type="button" className="button" onClick={() => setPanel((x) => [...x, { name: '', role: 'elder' }])}>{t('village.review.addMember')}</button>}
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void open()} data-testid="open-review-confirm">{t('village.review.open')}</button>
          </div>
        </section>
      )}
      {error && <div className="notice notice-error" role="alert">{error}</div>}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../../domain/credit/money-format';
import { RELATION_ZH } from '../../../../domain/village/household-list';
import type { PreCredit } from '../../../../domain/village/pre-credit';
import type { HouseholdSummary } from '../../../../main/core/village/village.contract';

/** The household's members from the committee's list; the manager ticks who works away from the village. */
export function HouseholdMembers({ members, away, onAway }: { members: HouseholdSummary['members']; away: string[]; onAway(idNumber: string, isAway: boolean): void }) {
  const { t } = useTranslation();
  return (
    <table className="village-table">
      <tbody>
        {members.map((m) => (
          <tr key={m.idNumber}>
            <td>{m.name}</td><td>{RELATION_ZH[m.relation]}</td><td>{m.birthDate}</td>
            <td>
              <label>
                <input type="checkbox" checked={away.includes(m.idNumber)} onChange={(e) => onAway(m.idNumber, e.target.checked)} />
                {t('village.file.away')}
              </label>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One typed field of the file; a number field that is not a number yet says so. */
export function FileField({ label, value, invalid, wide = false, onChange }: { label: string; value: string; invalid: boolean; wide?: boolean; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <label className={wide ? 'village-field wide' : 'village-field'}>
      {label}
      <input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} />
      {invalid && <span className="field-error">{t('village.file.notANumber')}</span>}
    </label>
  );
}

/** The pre-credit limit as the published model computes it now, with the amounts that make it. */
export function PreCreditPanel({ live }: { live: PreCredit }) {
  const { t } = useTranslation();
  return (
    <aside className="village-precredit" data-testid="pre-credit" aria-live="polite">
      <h3>{t('village.file.preCredit')}</h3>
      <div className="village-limit" data-testid="pre-credit-limit">{formatYuan(live.limitFen)} {t('village.file.yuan')}</div>
      <ul>
        {live.reasons.map((r, i) => (
          <li key={i}>{r.textZh}{r.amountFen !== 0 && <span className="num">{r.amountFen > 0 ? '+' : ''}{formatYuan(r.amountFen)}</span>}</li>
        ))}
      </ul>
      <p className="muted">{t('village.file.model', { version: live.modelVersion })}</p>
    </aside>
  );
}

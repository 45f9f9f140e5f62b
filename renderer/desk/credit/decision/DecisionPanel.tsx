import { useTranslation } from 'react-i18next';
import type { ApplicationView, ReplayView } from '../../../../main/core/credit/credit.contract';
import { formatBpAsPercent, formatYuan } from '../credit-format';
import { FactSources } from '../FactSources';

const OUTCOME_CLASS = { approve: 'outcome-approve', refer: 'outcome-refer', reject: 'outcome-reject' } as const;

type Decision = NonNullable<ApplicationView['decision']>;

/** The rule set's decision: outcome, limit, rate (LPR + spread), term, score and rule version; its reasons and sources; the replay. */
export function DecisionPanel({ app, d, replay, onReplay }: { app: ApplicationView; d: Decision; replay: ReplayView | null; onReplay(): void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <section className="panel decision">
      <div className="decision-head">
        <span className={`outcome ${OUTCOME_CLASS[d.outcome]}`} data-testid="decision-outcome">{t(`credit.outcome.${d.outcome}`)}</span>
        <dl className="decision-figures">
          <div><dt>{t('credit.ui.limit')}</dt><dd className="mono" data-testid="decision-limit">{formatYuan(d.limitFen)} {t('credit.ui.yuan')}</dd></div>
          <div><dt>{t('credit.ui.rate')}</dt><dd className="mono" data-testid="decision-rate">{d.rateBp ? t('credit.ui.rateFormula', { rate: formatBpAsPercent(d.rateBp), lpr: formatBpAsPercent(d.lprBp), bp: String(d.spreadBp) }) : '—'}</dd></div>
          <div><dt>{t('credit.ui.termAndMethod')}</dt><dd>{t('credit.ui.months', { n: String(app.termMonths) })} · {t(`credit.method.${app.repaymentMethod}`)}</dd></div>
          <div><dt>{t('credit.ui.score')}</dt><dd className="mono">{d.score}</dd></div>
          <div><dt>{t('credit.ui.ruleVersion')}</dt><dd className="mono" title={d.ruleSetDigest}>v{d.ruleSetVersion} · LPR {d.lprFixingDate}</dd></div>
        </dl>
      </div>
      <h3>{t('credit.ui.reasons')}</h3>
      <ol className="reasons" data-testid="decision-reasons">
        {d.reasons.map((r, i) => (
          <li key={i} className={`reason reason-${r.effect}`}>
            <span className="reason-model">{t(`credit.ui.model.${r.model}`)}</span>
            {en ? r.messageEn : r.messageZh}
          </li>
        ))}
      </ol>
      <FactSources sources={app.factSources ?? []} />
      <div className="replay">
        <button type="button" className="button button-small" onClick={onReplay}>
          {t('credit.ui.replay')}
        </button>
        {replay && (
          <span className={replay.identical ? 'replay-ok' : 'replay-bad'} data-testid="replay-result">
            {replay.identical ? t('credit.ui.replayIdentical', { v: String(replay.ruleSetVersion) }) : t('credit.ui.replayChanged', { v: String(replay.ruleSetVersion), outcome: t(`credit.outcome.${replay.replayed.outcome}`) })}
            {!replay.inputsIntact && ` ${t('credit.ui.replayInputs')}`}
            {!replay.ruleSetMatches && ` ${t('credit.ui.replayRules')}`}
          </span>
        )}
      </div>
    </section>
  );
}

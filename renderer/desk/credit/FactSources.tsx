import { useTranslation } from 'react-i18next';
import { BANK_FACTS, FACTS_BY_ITEM } from '../../../domain/credit/collection';
import type { FactSource } from '../../../domain/credit/bank-facts';
import { formatYuan } from './credit-format';

const FIELDS = new Map([...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS].map((f) => [f.key, f]));

/**
 * 数据核对: for each fact the bank's feeds hold, what the customer's paperwork said (客户填报), what core banking's
 * files say (核心系统), and which one the models used — a disagreement is marked for the reviewer.
 */
export function FactSources({ sources }: { sources: readonly FactSource[] }) {
  const { t, i18n } = useTranslation();
  if (sources.length === 0) return null;
  const en = i18n.language === 'en';
  const show = (key: FactSource['key'], v: number | null) => (v === null ? '—' : FIELDS.get(key)?.kind === 'fen' ? formatYuan(v) : String(v));
  const label = (key: FactSource['key']) => {
    const f = FIELDS.get(key);
    return f ? (en ? f.en : f.zh) : key;
  };
  const disagreeing = sources.filter((s) => s.disagrees).length;
  return (
    <section className="panel fact-sources" data-testid="fact-sources">
      <h3>{t('credit.ui.factSources.title')}</h3>
      <p className={disagreeing ? 'notice notice-warning' : 'muted'} data-testid="fact-sources-summary">
        {disagreeing ? t('credit.ui.factSources.disagree', { n: String(disagreeing) }) : t('credit.ui.factSources.agree')}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('credit.ui.factSources.fact')}</th>
            <th className="num">{t('credit.ui.factSources.typed')}</th>
            <th className="num">{t('credit.ui.factSources.feed')}</th>
            <th className="num">{t('credit.ui.factSources.used')}</th>
            <th>{t('credit.ui.factSources.status')}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.key} className={s.disagrees ? 'fact-disagrees' : undefined} data-testid={`fact-source-${s.key}`}>
              <td>{label(s.key)}</td>
              <td className="num mono">{show(s.key, s.typed)}</td>
              <td className="num mono">{show(s.key, s.feed)}</td>
              <td className="num mono">
                {show(s.key, s.used)}
                {s.usedFrom && <span className="muted">{t(`credit.ui.factSources.from.${s.usedFrom}`)}</span>}
              </td>
              <td>
                {t(`credit.ui.factSources.status.${s.status}`, { date: s.feedAsOf ?? '' })}
                {s.disagrees && <strong className="fact-disagree-tag"> {t('credit.ui.factSources.mismatch')}</strong>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

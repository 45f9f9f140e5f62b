import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditVillageView } from '../../../main/core/village/credit-village.contract';
import { api } from '../../api/client';

/**
 * 信用村: the village's figures against head office's criteria, as they stand now; a village that meets them is
 * named, with a printable certificate; one that does not is flagged with the criteria it misses.
 */
export function CreditVillagePanel({ village }: { village: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<CreditVillageView | null>(null);
  useEffect(() => {
    let live = true;
    api.call('village.creditVillage', { village }).then((v) => live && setView(v), () => live && setView(null));
    return () => {
      live = false;
    };
  }, [village]);
  if (!view || view.households === 0) return null;
  return (
    <section className="village-section credit-village" data-testid="credit-village">
      <h3 className="no-print">
        {t('village.creditVillage.title')}：
        <span className={view.met ? 'credit-village-met' : 'credit-village-flag'} data-testid="credit-village-status">
          {view.met ? t('village.creditVillage.met', { village: view.village }) : t('village.creditVillage.notMet', { village: view.village })}
        </span>
      </h3>
      <ul className="no-print">
        {view.checks.map((c) => <li key={c.code} className={c.ok ? '' : 'credit-village-flag'}>{c.ok ? '✓' : '✗'} {c.textZh}</li>)}
      </ul>
      <p className="muted no-print">{t('village.creditVillage.rules', { version: view.rulesVersion, asOf: view.asOf })}</p>
      {view.met && (
        <>
          <div className="credit-village-certificate" data-testid="credit-village-certificate">
            <h2>{t('village.creditVillage.certificateTitle')}</h2>
            <p>{t('village.creditVillage.certificateText', { village: view.village, version: view.rulesVersion, credit: view.creditHouseholds, households: view.households })}</p>
            <p className="credit-village-issuer">{view.branchName}<br />{view.asOf}</p>
          </div>
          <div className="village-actions no-print">
            <button type="button" className="button" onClick={() => window.print()}>{t('village.creditVillage.print')}</button>
          </div>
        </>
      )}
    </section>
  );
}

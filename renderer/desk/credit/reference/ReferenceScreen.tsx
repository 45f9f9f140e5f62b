import { useTranslation } from 'react-i18next';
import { LprPanel } from './LprPanel';
import { MarketingPanel } from './MarketingPanel';
import '../credit.css';

/** 参考数据发布: head office's publisher (rules.publish) keeps the LPR table and the kiosk's marketing items, beside the rule sets. */
export function ReferenceScreen() {
  const { t } = useTranslation();
  return (
    <div className="credit-page" data-testid="reference-screen">
      <div className="credit-toolbar"><h1 className="pane-title">{t('reference.nav')}</h1></div>
      <LprPanel />
      <MarketingPanel />
    </div>
  );
}

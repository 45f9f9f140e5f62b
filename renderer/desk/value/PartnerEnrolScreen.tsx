import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { EnrolledPartnerView } from '../../../main/core/value/partners.contract';
import { ScreenLoading } from '../ScreenLoading';
import { EnrolForm } from './enrol/EnrolForm';
import { EnrolledTable } from './enrol/EnrolledTable';
import { PartnerCard, Referrals } from './enrol/PartnerCard';
import { useEnrolledPartners } from './enrol/useEnrolledPartners';
import { usePartnerEnrol } from './enrol/usePartnerEnrol';
import { PartnerPager, usePartnerPages } from './PartnerPager';
import './partners.css';

const NO_PARTNERS: EnrolledPartnerView[] = [];

/**
 * 合伙人登记 (精微易享): the branch head or a customer manager enrols a merchant, village official or market manager
 * as a partner — checked here as typed and again by the core, written with its audit entry in one go — and prints the
 * referral card at once. Below, every partner enrolled at this branch with the applications their code brought and
 * their commission from head office's newest signed statement.
 */
export function PartnerEnrolScreen() {
  const { t } = useTranslation();
  const { list, loadError, readAgain } = useEnrolledPartners();
  const form = usePartnerEnrol({ onEnrolled: readAgain });
  const { enrolled } = form;
  const [shown, setShown] = useState<EnrolledPartnerView | null>(null);
  // The card being printed: the print sheet shows that card alone (partners.css), whichever of the two is on screen.
  const [printCode, setPrintCode] = useState<string | null>(null);
  const print = (code: string) => {
    flushSync(() => setPrintCode(code));
    window.print();
    setPrintCode(null);
  };
  const { visible, pager } = usePartnerPages(list?.partners ?? NO_PARTNERS, (p) => `${p.name} ${p.place} ${p.code} ${p.phone}`);

  if (loadError) return <p className="form-error" role="alert">{loadError}</p>;
  if (!list) return <ScreenLoading />;
  return (
    <section className="screen partner-enrol" aria-labelledby="partner-enrol-title">
      <h2 id="partner-enrol-title">{t('value.enrol.title')}</h2>
      <p className="muted">{t('value.enrol.intro')}</p>
      <EnrolForm f={form} />
      {enrolled && (
        <>
          <p role="status" data-testid="partner-enrol-done">{t('value.enrol.done', { name: enrolled.name, code: enrolled.code })}</p>
          <PartnerCard partner={enrolled} printing={printCode === enrolled.code} />
          <button type="button" className="button no-print" onClick={() => print(enrolled.code)} data-testid="partner-print">{t('value.enrol.print')}</button>
        </>
      )}
      <h3>{t('value.enrol.listTitle', { n: list.partners.length })}</h3>
      <p className="muted" data-testid="partner-statement-month">{list.statementMonth ? t('value.enrol.statement', { month: list.statementMonth }) : t('value.enrol.noStatement')}</p>
      {list.partners.length === 0 ? (
        <p>{t('value.enrol.none')}</p>
      ) : (
        <>
          <PartnerPager pager={pager} testId="enrolled-pager" />
          <EnrolledTable partners={visible} onShow={setShown} />
        </>
      )}
      {shown && (
        <>
          <PartnerCard partner={shown} printing={printCode === shown.code} />
          <button type="button" className="button no-print" onClick={() => print(shown.code)} data-testid="partner-print-shown">{t('value.enrol.print')}</button>
          <Referrals partner={shown} onClose={() => setShown(null)} />
        </>
      )}
    </section>
  );
}

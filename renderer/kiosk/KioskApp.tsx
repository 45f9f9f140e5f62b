import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { takeKioskKey } from '../queue/kiosk-key';
import { IdCardEntry } from './IdCardEntry';
import { KioskHeader } from './KioskHeader';
import { KioskTicket } from './KioskTicket';
import { MarketingSlides } from './MarketingSlides';
import { PriorityChips } from './PriorityChips';
import { ServiceButtons } from './ServiceButtons';
import { useCustomerVisit } from './useCustomerVisit';
import { useKioskBoard } from './useKioskBoard';
import { useNextCustomerTimers } from './useNextCustomerTimers';
import { useSlideShow } from './useSlideShow';
import './kiosk.css';

/** The 叫号机: big touch buttons per service, priority marking, the ticket with printing, marketing between tickets. */
export function KioskApp() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [kioskKey] = useState<string | null>(() =>
    takeKioskKey(window.location.search, window.localStorage, (next) => window.history.replaceState(null, '', `${window.location.pathname}${next}`)),
  );
  const visit = useCustomerVisit(kioskKey);
  const { ticket, error } = visit;
  const { board, marketing, now } = useKioskBoard(visit.setError);
  const slide = useSlideShow(marketing.length, !!ticket);
  const { touched } = useNextCustomerTimers(visit);

  // VIP is never self-declared at the kiosk: VIP-only services are for tickets staff issue (see queue/vip.ts).
  const services = useMemo(() => (board?.services ?? []).filter((s) => !s.vipOnly), [board]);

  const name = (s: { name: string; nameEn: string }) => (en ? s.nameEn : s.name);
  const ticketService = ticket && board?.services.find((s) => s.code === ticket.service);

  return (
    <div className="kiosk" lang={i18n.language} onPointerDown={touched} onKeyDown={touched}>
      <KioskHeader branchName={board?.branchName} now={now} />

      {!kioskKey && <p className="kiosk-notice" role="alert">{t('queue.ui.kioskNoKey')}</p>}

      {ticket ? (
        <KioskTicket ticket={ticket} serviceName={ticketService ? name(ticketService) : null} onDone={() => visit.setTicket(null)} />
      ) : (
        <main className="kiosk-main">
          <section className="kiosk-services" aria-label={t('queue.ui.chooseService')}>
            <h1>{t('queue.ui.chooseService')}</h1>
            <ServiceButtons services={services} busy={visit.busy} name={name} onTake={(s) => void visit.take(s)} />
            {error && <p className="kiosk-error" role="alert" data-testid="kiosk-error">{error}</p>}
            <IdCardEntry
              idNumber={visit.idNumber}
              error={error}
              onChange={visit.setIdNumber}
              onClear={() => { visit.setIdNumber(''); visit.setError(null); }}
            />
            <PriorityChips priority={visit.priority} onChange={visit.setPriority} />
          </section>
          <MarketingSlides marketing={marketing} slide={slide} />
        </main>
      )}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { IssuedTicket } from '../../main/core/queue/queue.contract';
import { showDateTime } from '../format/time';
import { waitLabel } from '../queue/format';

interface Props {
  ticket: IssuedTicket;
  /** The service's name in the kiosk's language, when the board knows it (else the name on the ticket). */
  serviceName: string | null;
  onDone(): void;
}

/** The ticket just taken, as it prints, with printing (or that the ticket printer did), PDF and 完成. */
export function KioskTicket({ ticket, serviceName, onDone }: Props) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-ticket-view" aria-live="polite">
      <div className="ticket-print" data-testid="kiosk-ticket">
        <p className="ticket-branch">{ticket.branchName}</p>
        <p className="ticket-service">{serviceName ?? ticket.serviceName}</p>
        <p className="ticket-number" data-testid="ticket-number">{ticket.number}</p>
        {ticket.priority && <p className="ticket-priority">{t(`queue.priority.${ticket.priority}`)}</p>}
        <p className="ticket-line">{t('queue.ticket.ahead', { n: ticket.ahead })}</p>
        <p className="ticket-line">{ticket.estimateSec === null ? t('queue.ticket.noEstimate') : t('queue.ui.ticketWait', { wait: waitLabel(ticket.estimateSec, t) })}</p>
        <p className="ticket-time">{showDateTime(ticket.issuedAt)}</p>
        {ticket.offer && (
          <div className="ticket-offer" data-testid="ticket-offer">
            <p className="ticket-offer-title">{t('queue.ticket.offer')}<strong data-testid="ticket-offer-title">{ticket.offer.title}</strong></p>
            {ticket.offer.pitch && <p className="ticket-line">{ticket.offer.pitch}</p>}
          </div>
        )}
        <p className="ticket-footer">{t('queue.ticket.footer')}</p>
      </div>
      <div className="kiosk-ticket-actions">
        {ticket.printedBy === 'escpos' ? (
          <p className="kiosk-printed">{t('queue.ui.printed')}</p>
        ) : (
          <button type="button" className="kiosk-action" onClick={() => window.print()}>{t('queue.ui.print')}</button>
        )}
        {/* Chromium's print dialog offers 另存为PDF; inside Electron the shell prints to PDF the same page. */}
        <button type="button" className="kiosk-action" onClick={() => window.print()}>{t('queue.ui.savePdf')}</button>
        <button type="button" className="kiosk-action kiosk-action-primary" onClick={onDone} data-testid="kiosk-done">{t('queue.ui.done')}</button>
      </div>
    </section>
  );
}

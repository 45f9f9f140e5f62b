import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITY_KINDS, type PriorityKind } from '../../domain/queue/config';
import { normalizeResidentId, validateResidentId } from '../../domain/identity/resident-id';
import { residentIdIssue } from '../../domain/customers/customer';
import type { IssuedTicket, MarketingItem, QueueBoard, QueueServiceView } from '../../main/core/queue/queue.contract';
import { api, ApiCallError } from '../api/client';
import { useApiEvent } from '../api/use-api-event';
import { setLang } from '../i18n';
import { clockTime, waitLabel } from '../queue/format';
import { takeKioskKey } from '../queue/kiosk-key';
import './kiosk.css';
import { showDateTime } from '../format/time';

// A ticket stays on screen long enough to read and print, then the kiosk is ready for the next customer.
const TICKET_SHOWN_MS = 30_000;
const SLIDE_MS = 7_000;
// What one customer left behind (a message, a half-typed ID, a priority) is gone before the next one walks up.
const IDLE_RESET_MS = 20_000;
/** What a customer may declare at the kiosk (checked by a person at the counter); VIP is not among them. */
const KIOSK_PRIORITIES = PRIORITY_KINDS.filter((p) => p !== 'vip');

function describe(e: unknown, t: (k: string, p?: Record<string, string | number>) => string): string {
  if (e instanceof ApiCallError) {
    const field = e.body.fields?.[0];
    if (field) return t(field.key, { ...field.params, field: t('queue.ui.idCardField') }) || field.message;
    const text = t(e.body.key, { ...e.body.params });
    return text === e.body.key ? e.body.message : text;
  }
  return t('queue.ui.kioskRetry');
}

/** The 叫号机: big touch buttons per service, priority marking, the ticket with printing, marketing between tickets. */
export function KioskApp() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [kioskKey] = useState<string | null>(() =>
    takeKioskKey(window.location.search, window.localStorage, (next) => window.history.replaceState(null, '', `${window.location.pathname}${next}`)),
  );
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [marketing, setMarketing] = useState<MarketingItem[]>([]);
  const [slide, setSlide] = useState(0);
  const [priority, setPriority] = useState<PriorityKind | null>(null);
  const [idNumber, setIdNumber] = useState('');
  const [ticket, setTicket] = useState<IssuedTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(() => {
    api.call('queue.board', {}).then(setBoard, (e: unknown) => setError(describe(e, t)));
    api.call('queue.marketing', {}).then(setMarketing, () => undefined);
  }, [t]);

  useEffect(() => {
    load();
    const clock = setInterval(() => setNow(new Date()), 15_000);
    const off = api.onStreamOpen(load);
    return () => {
      clearInterval(clock);
      off();
    };
  }, [load]);
  useApiEvent('queue.updated', setBoard);
  useApiEvent('queue.marketing', setMarketing);

  useEffect(() => {
    if (ticket || marketing.length < 2) return;
    const timer = setInterval(() => setSlide((s) => (s + 1) % marketing.length), SLIDE_MS);
    return () => clearInterval(timer);
  }, [ticket, marketing.length]);

  useEffect(() => {
    if (!ticket) return;
    const timer = setTimeout(() => setTicket(null), TICKET_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [ticket]);

  // Every trace of the last customer goes after a while without a touch: a wrong ID must not block the next one.
  const lastTouch = useRef(0);
  useEffect(() => {
    if (!error && !idNumber && !priority) return;
    // Any change (a message shown, a digit read, a chip chosen) starts the wait again.
    lastTouch.current = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - lastTouch.current < IDLE_RESET_MS) return;
      setError(null);
      setIdNumber('');
      setPriority(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [error, idNumber, priority]);
  const touched = () => {
    lastTouch.current = Date.now();
  };

  // VIP is never self-declared at the kiosk: VIP-only services are for tickets staff issue (see queue/vip.ts).
  const services = useMemo(() => (board?.services ?? []).filter((s) => !s.vipOnly), [board]);

  async function take(service: QueueServiceView) {
    if (busy) return;
    setBusy(true);
    setError(null);
    const id = normalizeResidentId(idNumber);
    // Cleared whatever the answer: a card that was refused must not make every later tap fail too.
    setIdNumber('');
    setPriority(null);
    const check = id ? validateResidentId(id) : null;
    if (check && !check.ok) {
      const [key, params] = residentIdIssue(check);
      setError(t('queue.ui.idRefused', { reason: t(key, { ...params, field: t('queue.ui.idCardField') }) }));
      setBusy(false);
      return;
    }
    try {
      const issued = await api.call('queue.issue', {
        service: service.code,
        priority,
        ...(id ? { idNumber: id } : {}),
        ...(kioskKey ? { kioskKey: kioskKey } : {}),
      });
      setTicket(issued);
    } catch (e) {
      setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  }

  const name = (s: { name: string; nameEn: string }) => (en ? s.nameEn : s.name);
  const ticketService = ticket && board?.services.find((s) => s.code === ticket.service);
  const item = marketing.length ? marketing[slide % marketing.length] : null;

  return (
    <div className="kiosk" lang={i18n.language} onPointerDown={touched} onKeyDown={touched}>
      <header className="kiosk-top">
        <div className="kiosk-brand">
          <span className="kiosk-mark" aria-hidden="true">精</span>
          <span>{board?.branchName ?? t('app.name')}</span>
        </div>
        <div className="kiosk-top-right">
          <time className="kiosk-clock">{clockTime(now.toISOString())}</time>
          <button type="button" className="kiosk-lang" onClick={() => setLang(en ? 'zh-CN' : 'en')}>{en ? '中文' : 'English'}</button>
        </div>
      </header>

      {!kioskKey && <p className="kiosk-notice" role="alert">{t('queue.ui.kioskNoKey')}</p>}

      {ticket ? (
        <section className="kiosk-ticket-view" aria-live="polite">
          <div className="ticket-print" data-testid="kiosk-ticket">
            <p className="ticket-branch">{ticket.branchName}</p>
            <p className="ticket-service">{ticketService ? name(ticketService) : ticket.serviceName}</p>
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
            <button type="button" className="kiosk-action kiosk-action-primary" onClick={() => setTicket(null)} data-testid="kiosk-done">{t('queue.ui.done')}</button>
          </div>
        </section>
      ) : (
        <main className="kiosk-main">
          <section className="kiosk-services" aria-label={t('queue.ui.chooseService')}>
            <h1>{t('queue.ui.chooseService')}</h1>
            <div className="kiosk-buttons">
              {services.map((s) => (
                <button
                  type="button"
                  key={s.code}
                  className={`kiosk-service kiosk-service-${s.prefix.toLowerCase()}`}
                  onClick={() => void take(s)}
                  disabled={busy}
                  data-testid={`kiosk-service-${s.code}`}
                >
                  <span className="kiosk-service-prefix">{s.prefix}</span>
                  <span className="kiosk-service-name">{name(s)}</span>
                  <span className="kiosk-service-meta">
                    {t('queue.ui.waitingCount', { n: s.waiting })} · {waitLabel(s.estimateSec, t)}
                  </span>
                </button>
              ))}
            </div>
            {error && <p className="kiosk-error" role="alert" data-testid="kiosk-error">{error}</p>}
            <div className="kiosk-idcard">
              <label htmlFor="kiosk-id">{t('queue.ui.idCard')}</label>
              <input id="kiosk-id" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} maxLength={24} inputMode="numeric" autoComplete="off"
                placeholder={t('queue.ui.idCardHint')} data-testid="kiosk-id" />
              <button type="button" className="kiosk-chip" onClick={() => { setIdNumber(''); setError(null); }} disabled={!idNumber && !error} data-testid="kiosk-id-clear">
                {t('queue.ui.idClear')}
              </button>
            </div>
            <div className="kiosk-priority" role="group" aria-label={t('queue.ui.priorityGroup')}>
              <span className="kiosk-priority-label">{t('queue.ui.priorityGroup')}</span>
              {KIOSK_PRIORITIES.map((p) => (
                <button
                  type="button"
                  key={p}
                  aria-pressed={priority === p}
                  className={priority === p ? 'kiosk-chip kiosk-chip-on' : 'kiosk-chip'}
                  onClick={() => setPriority(priority === p ? null : p)}
                  data-testid={`kiosk-priority-${p}`}
                >
                  {t(`queue.priority.${p}`)}
                </button>
              ))}
              <p className="kiosk-vip-note" data-testid="kiosk-vip-note">{t('queue.ui.vipAtStaff')}</p>
            </div>
          </section>
          <aside className="kiosk-marketing" aria-live="off" data-testid="kiosk-marketing">
            {item ? (
              <article key={item.id} className="kiosk-slide">
                {item.tag && <span className="kiosk-slide-tag">{item.tag}</span>}
                <h2>{item.title}</h2>
                <p>{item.body}</p>
                {marketing.length > 1 && (
                  <div className="kiosk-dots" aria-hidden="true">
                    {marketing.map((m, i) => <span key={m.id} className={i === slide % marketing.length ? 'on' : ''} />)}
                  </div>
                )}
              </article>
            ) : (
              <p className="kiosk-slide-empty">{t('app.name')}</p>
            )}
          </aside>
        </main>
      )}
    </div>
  );
}

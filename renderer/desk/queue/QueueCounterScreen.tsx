import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../../domain/queue/config';
import type { ApiArgs } from '../../../main/core/api/contract';
import type { CounterState, QueueBoard, TicketView } from '../../../main/core/queue/queue.contract';
import { api, ApiCallError } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { clockTime, newRequestId, priorityLabel } from '../../queue/format';
import { Dialog } from '../Dialog';
import { keyLabel, SHORTCUTS, useShortcuts } from '../shortcuts';
import { errorText, fieldErrorText } from '../labels';
import type { ScreenProps } from '../nav';
import { withLanRetry } from './lan-retry';
import './queue.css';

const COUNTER_KEY = 'jingwei.queueCounter';
type Action = 'queue.callNext' | 'queue.recall' | 'queue.start' | 'queue.finish' | 'queue.noShow' | 'queue.transfer';

/** The counter's buttons, in key order; their keys and help text come from the shortcut table. */
const KEYS = ['callNext', 'recall', 'start', 'finish', 'noShow', 'transfer', 'pause'] as const;

function storedCounter(): number | null {
  try {
    const v = Number(window.localStorage.getItem(COUNTER_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

const isLanError = (e: unknown) => e instanceof ApiCallError && e.body.code === 'UNAVAILABLE';
/** The queue device has not checked this teller yet (it was away at login, or her counter pass ran out). */
const needsConnect = (e: unknown) => e instanceof ApiCallError && (e.body.key === 'queue.error.counterNotConnected' || e.body.key === 'queue.error.counterPass');

/** 叫号 at a counter: one key per action, the current ticket large, the next few below, a banner when the LAN drops. */
export function QueueCounterScreen({ session, covered }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [counter, setCounter] = useState<number | null>(storedCounter);
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [state, setState] = useState<CounterState | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [offline, setOffline] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<null | 'transfer' | 'mix'>(null);
  const [connect, setConnect] = useState(false);
  const cancelRetry = useRef(false);
  const [now, setNow] = useState(() => Date.now());
  const canManage = session.permissions.includes('queue.manage');

  const refresh = useCallback(() => {
    api.call('queue.board', {}).then(setBoard, () => undefined);
    if (counter === null) return;
    api.call('queue.counterState', { counter }).then(
      (s) => {
        setState(s);
        setOffline(null);
      },
      (e: unknown) => {
        if (isLanError(e)) setOffline((n) => n ?? 1);
        else if (needsConnect(e)) setConnect(true);
        else setMessage({ kind: 'error', text: errorText(e, t) });
      },
    );
  }, [counter, t]);

  useEffect(() => refresh(), [refresh]);
  // The waited minutes move on by themselves; nothing else on the screen changes without an event.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => api.onStreamOpen(refresh), [refresh]);
  useApiEvent('queue.updated', (b) => {
    setBoard(b);
    if (counter !== null) api.call('queue.counterState', { counter }).then(setState, () => undefined);
  });

  // While the host is unreachable, keep trying to read the counter so the banner clears by itself.
  useEffect(() => {
    if (offline === null || busy) return;
    const timer = setTimeout(() => {
      setOffline((n) => (n === null ? null : n + 1));
      refresh();
    }, 3000);
    return () => clearTimeout(timer);
  }, [offline, busy, refresh]);

  function chooseCounter(no: number) {
    if (no === counter) return;
    setCounter(no);
    setState(null);
    try {
      window.localStorage.setItem(COUNTER_KEY, String(no));
    } catch {
      // Remembered for this page only.
    }
  }

  async function run<A extends Action>(action: A, extra: Omit<ApiArgs<A>, 'counter' | 'requestId'> = {} as Omit<ApiArgs<A>, 'counter' | 'requestId'>) {
    if (counter === null || busy) return;
    setBusy(true);
    setMessage(null);
    cancelRetry.current = false;
    const requestId = newRequestId();
    const args = { counter, requestId, ...extra } as ApiArgs<A>;
    const result = await withLanRetry(() => api.call(action, args) as Promise<TicketView>, {
      isLanError,
      onAttemptFailed: (n) => setOffline(n),
      cancelled: () => cancelRetry.current,
    });
    setBusy(false);
    if (result.ok) {
      setOffline(null);
      const v = result.value;
      setMessage({ kind: 'info', text: t(`queue.ui.done.${action}`, { number: v.number }) });
    } else if ('error' in result) {
      const e = result.error;
      if (needsConnect(e)) setConnect(true);
      else setMessage({ kind: 'error', text: errorText(e, t) });
    }
    refresh();
  }

  async function togglePause() {
    if (counter === null || !state) return;
    try {
      setState(await api.call('queue.pause', { counter, paused: !state.counter.paused }));
      setMessage(null);
    } catch (e) {
      if (isLanError(e)) setOffline(1);
      else if (needsConnect(e)) setConnect(true);
      else setMessage({ kind: 'error', text: errorText(e, t) });
    }
  }

  const handlers: Record<(typeof KEYS)[number], () => void> = {
    callNext: () => void run('queue.callNext'),
    recall: () => void run('queue.recall'),
    start: () => void run('queue.start'),
    finish: () => void run('queue.finish'),
    noShow: () => void run('queue.noShow'),
    transfer: () => state?.current && setDialog('transfer'),
    pause: () => void togglePause(),
  };
  useShortcuts(handlers, !covered && dialog === null && !connect && counter !== null);

  const serviceName = (code: string) => {
    const s = board?.services.find((x) => x.code === code);
    return s ? (en ? s.nameEn : s.name) : code;
  };
  const current = state?.current ?? null;
  const view = state?.counter;

  return (
    <div className="queue-counter">
      <div className="pane-toolbar queue-toolbar">
        <label className="queue-counter-pick">
          <span>{t('queue.ui.counter')}</span>
          <select value={counter ?? ''} onChange={(e) => chooseCounter(Number(e.target.value))} data-testid="queue-counter-select">
            <option value="" disabled>{t('queue.ui.chooseCounter')}</option>
            {(board?.counters ?? []).map((c) => <option key={c.no} value={c.no}>{c.name}</option>)}
          </select>
        </label>
        {view && (
          <span className="queue-mix">
            {view.services.map((w) => <span key={w.service} className="tag tag-plain">{serviceName(w.service)}{w.weight > 1 ? ` ×${w.weight}` : ''}</span>)}
            {canManage && <button type="button" className="link-button" onClick={() => setDialog('mix')}>{t('queue.ui.editMix')}</button>}
          </span>
        )}
        {view && (
          <span className={`queue-status queue-status-${view.paused ? 'paused' : view.open ? 'open' : 'closed'}`} data-testid="queue-counter-status">
            {t(view.paused ? 'queue.ui.paused' : view.open ? 'queue.ui.open' : 'queue.ui.closed')}
          </span>
        )}
        {state && <span className="muted">{t('queue.ui.servedToday', { n: state.servedToday })}</span>}
      </div>

      {/* A slot that is always there: a message appearing must not move the keys under the teller's mouse. */}
      <div className="queue-banners">
        {offline !== null && (
          <div className="notice notice-error queue-offline" role="alert" data-testid="queue-offline">
            {t('queue.ui.lanLost', { n: offline })}
            {busy && <button type="button" className="link-button" onClick={() => { cancelRetry.current = true; }}>{t('queue.ui.stopRetry')}</button>}
          </div>
        )}
        {connect && (
          <ConnectForm
            onConnected={() => {
              setConnect(false);
              setMessage({ kind: 'info', text: t('queue.ui.connected') });
              refresh();
            }}
          />
        )}
        {message && <div className={`notice notice-${message.kind} queue-message`} role="status" data-testid="queue-message">{message.text}</div>}
      </div>

      {counter === null ? (
        <p className="empty">{t('queue.ui.chooseCounterFirst')}</p>
      ) : (
        <div className="queue-body">
          <section className="queue-current pane" data-testid="queue-current">
            <h2 className="pane-title">{t('queue.ui.current')}</h2>
            <div className="queue-current-ticket">
            {current ? (
              <>
                <p className="queue-current-number" data-testid="queue-current-number">{current.number}</p>
                <p className="queue-current-meta">
                  {serviceName(current.service)} · {t(`queue.state.${current.state}`)}
                  {current.priority && <span className="tag">{priorityLabel(current.priority, t)}</span>}
                  {current.recalls > 0 && <span className="muted"> · {t('queue.ui.recalls', { n: current.recalls })}</span>}
                </p>
                {current.calledAt && <p className="muted">{t('queue.ui.calledAt', { time: clockTime(current.calledAt) })}</p>}
              </>
            ) : (
              <p className="queue-current-empty" data-testid="queue-current-empty">{t('queue.ui.noCurrent')}</p>
            )}
            </div>
            <div className="queue-keys">
              {KEYS.map((id) => (
                <button
                  type="button"
                  key={id}
                  className={id === 'callNext' ? 'button button-primary' : 'button'}
                  onClick={handlers[id]}
                  disabled={busy && id !== 'pause'}
                  data-testid={`queue-key-${keyLabel(id)}`}
                >
                  {id === 'pause' && view?.paused ? t('queue.ui.resume') : t(id === 'pause' ? 'queue.ui.pause' : SHORTCUTS[id].labelKey)} <kbd>{keyLabel(id)}</kbd>
                </button>
              ))}
            </div>
          </section>
          <section className="queue-next pane">
            <h2 className="pane-title">{t('queue.ui.nextUp')}</h2>
            {state?.waiting.length ? (
              <table className="grid" data-testid="queue-waiting">
                <thead>
                  <tr><th>{t('queue.ui.number')}</th><th>{t('queue.ui.service')}</th><th>{t('queue.ui.priority')}</th><th className="num">{t('queue.ui.waited')}</th></tr>
                </thead>
                <tbody>
                  {state.waiting.map((w) => (
                    <tr key={w.id}>
                      <td className="mono">{w.number}{w.front ? ` ↑` : ''}</td>
                      <td>{serviceName(w.service)}</td>
                      <td>{priorityLabel(w.priority, t)}</td>
                      <td className="num">{t('queue.ui.minutes', { n: Math.max(0, Math.floor((now - Date.parse(w.queuedAt)) / 60_000)) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="empty">{t('queue.ui.nobodyWaiting')}</p>
            )}
          </section>
        </div>
      )}

      {dialog === 'transfer' && current && board && counter !== null && (
        <TransferDialog
          board={board}
          current={current}
          fromCounter={counter}
          serviceName={serviceName}
          onClose={() => setDialog(null)}
          onTransfer={(toService, toCounter) => {
            setDialog(null);
            void run('queue.transfer', { ...(toService ? { toService } : {}), ...(toCounter ? { toCounter } : {}) });
          }}
        />
      )}
      {dialog === 'mix' && counter !== null && (
        <MixDialog counter={counter} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); refresh(); }} />
      )}
    </div>
  );
}

/**
 * The queue device checks the teller itself: when it could not at login (it was away) or her counter pass ran out,
 * she types her password here once; the counter PC does not keep it.
 */
function ConnectForm({ onConnected }: { onConnected(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    try {
      await api.call('queue.connectCounter', { password });
      onConnected();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setPassword('');
      setBusy(false);
    }
  }
  return (
    <form className="notice notice-error queue-connect" onSubmit={(e) => void submit(e)} data-testid="queue-connect">
      <p>{t('queue.error.counterNotConnected')}</p>
      <label className="field">
        <span className="field-label">{t('queue.ui.connectPassword')}</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus data-testid="queue-connect-password" />
      </label>
      <button type="submit" className="button button-primary" disabled={busy || !password} data-testid="queue-connect-submit">{t('queue.ui.connect')}</button>
      {error && <p className="queue-connect-error" role="alert">{error}</p>}
    </form>
  );
}

function TransferDialog(props: {
  board: QueueBoard;
  current: TicketView;
  fromCounter: number;
  serviceName(code: string): string;
  onClose(): void;
  onTransfer(toService: string | null, toCounter: number | null): void;
}) {
  const { t } = useTranslation();
  const [service, setService] = useState(props.current.service);
  const [toCounter, setToCounter] = useState<number | null>(null);
  const counters = props.board.counters.filter((c) => c.no !== props.fromCounter && c.services.some((w) => w.service === service));
  return (
    <Dialog
      title={t('queue.ui.transferTitle', { number: props.current.number })}
      onRequestClose={props.onClose}
      testId="queue-transfer-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>{t('queue.ui.cancel')}</button>
          <button type="button" className="button button-primary" data-testid="queue-transfer-confirm"
            onClick={() => props.onTransfer(service === props.current.service ? null : service, toCounter)}
            disabled={service === props.current.service && toCounter === null}>
            {t('queue.ui.transfer')}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('queue.ui.toService')}</span>
          <select value={service} onChange={(e) => { setService(e.target.value); setToCounter(null); }} data-autofocus data-testid="queue-transfer-service">
            {props.board.services.map((s) => <option key={s.code} value={s.code}>{props.serviceName(s.code)}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('queue.ui.toCounter')}</span>
          <select value={toCounter ?? ''} onChange={(e) => setToCounter(e.target.value ? Number(e.target.value) : null)} data-testid="queue-transfer-counter">
            <option value="">{t('queue.ui.anyCounter')}</option>
            {counters.map((c) => <option key={c.no} value={c.no}>{c.name}</option>)}
          </select>
        </label>
      </div>
      <p className="muted">{t('queue.ui.transferHint')}</p>
    </Dialog>
  );
}

/** The branch head sets which services a counter calls and how strongly (weight 1–10). */
function MixDialog({ counter, onClose, onSaved }: { counter: number; onClose(): void; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const [config, setConfig] = useState<QueueConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('queue.config', {}).then(setConfig, (e: unknown) => setError(errorText(e, t)));
  }, [t]);
  const entry = config?.counters.find((c) => c.no === counter);

  function setWeight(service: string, weight: number) {
    if (!config || !entry) return;
    const services = weight > 0
      ? [...entry.services.filter((w) => w.service !== service), { service, weight }]
      : entry.services.filter((w) => w.service !== service);
    const order = config.services.map((s) => s.code);
    services.sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service));
    setConfig({ ...config, counters: config.counters.map((c) => (c.no === counter ? { ...c, services } : c)) });
  }

  async function save() {
    if (!config) return;
    try {
      await api.call('queue.saveConfig', { config });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiCallError && e.body.fields?.length ? e.body.fields.map((f) => fieldErrorText(f, t)).join('；') : errorText(e, t));
    }
  }

  return (
    <Dialog
      title={t('queue.ui.mixTitle', { counter: entry?.name ?? counter })}
      onRequestClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>{t('queue.ui.cancel')}</button>
          <button type="button" className="button button-primary" onClick={() => void save()} disabled={!config}>{t('queue.ui.save')}</button>
        </>
      }
    >
      {error && <p className="notice notice-error">{error}</p>}
      {config && entry && (
        <table className="grid">
          <thead><tr><th>{t('queue.ui.service')}</th><th>{t('queue.ui.weight')}</th></tr></thead>
          <tbody>
            {config.services.map((s) => {
              const w = entry.services.find((x) => x.service === s.code)?.weight ?? 0;
              return (
                <tr key={s.code}>
                  <td>{s.prefix} · {i18n.language === 'en' ? s.nameEn : s.name}</td>
                  <td>
                    <select value={w} onChange={(e) => setWeight(s.code, Number(e.target.value))}>
                      <option value={0}>{t('queue.ui.notServed')}</option>
                      {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted">{t('queue.ui.weightHint')}</p>
    </Dialog>
  );
}

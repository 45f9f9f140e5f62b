import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiArgs } from '../../../../main/core/api/contract';
import type { CounterState, QueueBoard, TicketView } from '../../../../main/core/queue/queue.contract';
import { api, ApiCallError } from '../../../api/client';
import { useApiEvent } from '../../../api/use-api-event';
import { newRequestId } from '../../../queue/format';
import { errorText } from '../../labels';
import { withLanRetry } from '../lan-retry';

const COUNTER_KEY = 'jingwei.queueCounter';
export type CounterAction = 'queue.callNext' | 'queue.recall' | 'queue.start' | 'queue.finish' | 'queue.noShow' | 'queue.transfer';

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

/**
 * The counter's state and what its keys do: the chosen counter (remembered on this PC), the board and the counter's
 * view kept current by events, the message line, the LAN-lost count (retried until the host answers) and whether the
 * queue device wants the teller's password.
 */
export function useCounterDesk() {
  const { t } = useTranslation();
  const [counter, setCounter] = useState<number | null>(storedCounter);
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [state, setState] = useState<CounterState | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [offline, setOffline] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [connect, setConnect] = useState(false);
  const cancelRetry = useRef(false);
  const [now, setNow] = useState(() => Date.now());

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

  async function run<A extends CounterAction>(action: A, extra: Omit<ApiArgs<A>, 'counter' | 'requestId'> = {} as Omit<ApiArgs<A>, 'counter' | 'requestId'>) {
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

  /** The queue device has checked the teller's password: say so and read the counter again. */
  function connected() {
    setConnect(false);
    setMessage({ kind: 'info', text: t('queue.ui.connected') });
    refresh();
  }

  /** The teller gives up on a key's action while the LAN is down: the retry loop ends after its current wait. */
  function stopRetry() {
    cancelRetry.current = true;
  }

  return { counter, board, state, message, offline, busy, connect, now, refresh, chooseCounter, run, togglePause, connected, stopRetry };
}

export type CounterDesk = ReturnType<typeof useCounterDesk>;

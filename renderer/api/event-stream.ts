import type { EventMessage } from '../../main/core/api/transport';
import type { OpenEventStream, EventStream } from './client';

/**
 * Follows the host's event stream at `url`: each message that is an event goes to `dispatch`, each (re)opening to
 * `onOpen` (events sent while the stream was down are lost, so live screens re-read their state then). The browser
 * retries by itself unless the server refused the stream; then it is opened again after `reconnectMs`. Returns the
 * stop.
 */
export function followEventStream(
  openEventSource: OpenEventStream, url: string, reconnectMs: number, dispatch: (e: EventMessage) => void, onOpen: () => void,
): () => void {
  let source: EventStream | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const open = () => {
    source = openEventSource(url, {
      open: onOpen,
      message(data) {
        try {
          const msg = JSON.parse(data) as EventMessage;
          if (msg && typeof msg.name === 'string') dispatch(msg);
        } catch {
          // A keep-alive or malformed line carries nothing for the screens.
        }
      },
      error() {
        if (source?.isClosed() && !stopped && !timer) {
          timer = setTimeout(() => {
            timer = null;
            open();
          }, reconnectMs);
        }
      },
    });
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
  };
}

import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { EventMap } from '../api/contract';
import { QUEUE_PUBLIC_EVENTS } from './queue.contract';
import { post, type RemoteLinkContext } from './queue-remote-link';

const eventMessage = z.object({ name: z.enum(QUEUE_PUBLIC_EVENTS), payload: z.unknown() });

/**
 * Re-emits the queue device's public events here until the core closes, reconnecting with back-off; after each
 * (re)connection the whole board, since calls made while the stream was down are not replayed.
 */
export async function followEvents(c: RemoteLinkContext): Promise<void> {
  for (let attempt = 0; !c.stop.signal.aborted; attempt++) {
    try {
      const res = await c.fetch(`${c.base}api/events`, { signal: c.stop.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      attempt = 0;
      // Calls made while the stream was down are not replayed: bring the screens the whole board instead.
      const board = await post(c, 'queue.board', {});
      if (board.ok) c.deps.events.emit('queue.updated', board.value as EventMap['queue.updated']);
      const parser = createParser({
        onEvent: (e) => {
          let msg: unknown;
          try {
            msg = JSON.parse(e.data);
          } catch {
            return;
          }
          const parsed = eventMessage.safeParse(msg);
          if (parsed.success) c.deps.events.emit(parsed.data.name, parsed.data.payload as EventMap[typeof parsed.data.name]);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch (e) {
      if (c.stop.signal.aborted) return;
      if (attempt === 0) c.deps.log('warn', `queue host event stream lost (${c.hostName}); reconnecting`, e);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(1000 * 2 ** Math.min(attempt, 4), 10_000));
      c.stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

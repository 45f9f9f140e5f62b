import { appendFileSync } from 'node:fs';
import type { MessageChannel, OutgoingMessage, SendResult } from './channel';

/**
 * Delivers by writing one JSON line per message to a file (0600) or, without a file, to the console: for
 * development, demos and tests, where no WeCom tenant or SMS gateway exists.
 */
export function fileChannel(opts: { file?: string; clock?: () => Date } = {}): MessageChannel {
  const clock = opts.clock ?? (() => new Date());
  return {
    name: opts.file ? 'file' : 'console',
    accepts: () => true,
    async send(msg: OutgoingMessage): Promise<SendResult> {
      const line = JSON.stringify({ at: clock().toISOString(), id: msg.id, to: msg.to, text: msg.text });
      if (opts.file) appendFileSync(opts.file, `${line}\n`, { mode: 0o600 });
      else console.log(`[message] ${line}`);
      return { ok: true, providerId: null };
    },
  };
}

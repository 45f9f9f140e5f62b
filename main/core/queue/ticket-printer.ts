import { appendFile } from 'node:fs/promises';
import { connect } from 'node:net';
import iconv from 'iconv-lite';
import { encodeTicketEscPos, type PrintableTicket, type TicketTexts } from '../../../domain/queue/escpos';
import type { PrinterConfig } from './queue-device';

/** Anything that can put a ticket on paper; the kiosk page's HTML print is the fallback when none is set up. */
export interface TicketPrinter {
  readonly kind: 'escpos';
  print(ticket: PrintableTicket, texts: TicketTexts): Promise<void>;
}

/** GB18030 is what Chinese thermal printers expect in their double-byte mode. */
export function gb18030(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'gb18030'));
}

/** Sends bytes to a network printer's raw port (JetDirect, usually 9100). */
export function sendRaw(host: string, port: number, bytes: Uint8Array, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`printer ${host}:${port} timed out`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}

export function escPosPrinter(config: PrinterConfig): TicketPrinter {
  const send = config.kind === 'escpos-tcp'
    ? (bytes: Uint8Array) => sendRaw(config.host, config.port, bytes)
    // A USB printer appears as a device file (/dev/usb/lp0); appending never truncates it.
    : (bytes: Uint8Array) => appendFile(config.path, bytes);
  return {
    kind: 'escpos',
    print: (ticket, texts) => send(encodeTicketEscPos(ticket, texts, gb18030)),
  };
}

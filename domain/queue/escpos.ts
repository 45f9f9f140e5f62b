/**
 * ESC/POS byte stream for a queue ticket on a thermal printer (58 mm = 32 columns, 80 mm = 48). Text goes through
 * `encodeText` — GB18030 for the Chinese printers branches buy — which the caller supplies so this stays pure.
 */

export interface PrintableTicket {
  branchName: string;
  number: string;
  serviceName: string;
  ahead: number;
  /** Null when no counter is open for the service. */
  estimateMin: number | null;
  /** Local time as it should be printed, e.g. '2026-11-30 09:41'. */
  issuedAtLocal: string;
  priorityLabel: string | null;
  footer: string;
  /** 精准营销: the offer printed under the number for a customer the kiosk recognised. */
  offer?: { heading: string; title: string; pitch: string } | null;
}

export interface TicketTexts {
  ahead(n: number): string;
  estimate(min: number | null): string;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

export const ESCPOS = {
  init: [ESC, 0x40],
  /** FS & — Chinese (double-byte) character mode on GB18030 printers. */
  chineseOn: [FS, 0x26],
  alignLeft: [ESC, 0x61, 0],
  alignCenter: [ESC, 0x61, 1],
  boldOn: [ESC, 0x45, 1],
  boldOff: [ESC, 0x45, 0],
  /** GS ! n: width and height multipliers in the high and low nibble. */
  size: (w: number, h: number) => [GS, 0x21, ((w - 1) << 4) | (h - 1)],
  feed: (lines: number) => [ESC, 0x64, lines],
  /** GS V 66 n: feed n dots then partial cut, so the ticket tears off cleanly. */
  cut: [GS, 0x56, 66, 3],
} as const;

export function encodeTicketEscPos(t: PrintableTicket, texts: TicketTexts, encodeText: (s: string) => Uint8Array): Uint8Array {
  const parts: (readonly number[] | Uint8Array)[] = [];
  const cmd = (...bytes: (readonly number[])[]) => bytes.forEach((b) => parts.push(b));
  const text = (s: string) => {
    parts.push(encodeText(s));
    parts.push([LF]);
  };

  cmd(ESCPOS.init, ESCPOS.chineseOn, ESCPOS.alignCenter, ESCPOS.size(1, 1));
  text(t.branchName);
  cmd(ESCPOS.size(2, 2), ESCPOS.boldOn);
  text(t.serviceName);
  cmd(ESCPOS.size(4, 4));
  text(t.number);
  cmd(ESCPOS.boldOff, ESCPOS.size(1, 1));
  if (t.priorityLabel) text(t.priorityLabel);
  text(texts.ahead(t.ahead));
  text(texts.estimate(t.estimateMin));
  text(t.issuedAtLocal);
  if (t.offer) {
    cmd(ESCPOS.boldOn);
    text(`${t.offer.heading}${t.offer.title}`);
    cmd(ESCPOS.boldOff);
    if (t.offer.pitch) text(t.offer.pitch);
  }
  text(t.footer);
  cmd(ESCPOS.feed(3), ESCPOS.cut);

  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

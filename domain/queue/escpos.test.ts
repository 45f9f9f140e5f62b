import { describe, expect, it } from 'vitest';
import { encodeTicketEscPos, ESCPOS, type PrintableTicket } from './escpos';

const ticket: PrintableTicket = {
  branchName: 'HM', number: 'A012', serviceName: 'CASH', ahead: 3, estimateMin: 12, issuedAtLocal: '2026-11-30 09:41', priorityLabel: null, footer: 'BYE',
};
const texts = { ahead: (n: number) => `AHEAD ${n}`, estimate: (m: number | null) => (m === null ? 'N/A' : `WAIT ${m}`) };
const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const indexOf = (hay: Uint8Array, needle: readonly number[]) => {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

describe('ESC/POS ticket', () => {
  it('initialises, switches to Chinese mode, prints the number at 4× size and cuts', () => {
    const bytes = encodeTicketEscPos(ticket, texts, ascii);
    expect([...bytes.slice(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    const big = indexOf(bytes, ESCPOS.size(4, 4));
    const number = indexOf(bytes, [...ascii('A012\n')]);
    expect(big).toBeGreaterThan(0);
    expect(number).toBeGreaterThan(big);
    expect(indexOf(bytes, [...ascii('AHEAD 3\nWAIT 12\n')])).toBeGreaterThan(number);
    expect([...bytes.slice(-4)]).toEqual([0x1d, 0x56, 66, 3]);
    expect(ESCPOS.size(4, 4)).toEqual([0x1d, 0x21, 0x33]);
  });

  it('passes every text through the supplied encoder', () => {
    const seen: string[] = [];
    encodeTicketEscPos({ ...ticket, priorityLabel: 'VIP', estimateMin: null }, texts, (s) => (seen.push(s), ascii(s)));
    expect(seen).toEqual(['HM', 'CASH', 'A012', 'VIP', 'AHEAD 3', 'N/A', '2026-11-30 09:41', 'BYE']);
  });

  it('prints a recognised customer\'s offer in bold before the footer', () => {
    const bytes = encodeTicketEscPos({ ...ticket, offer: { heading: 'FOR YOU: ', title: 'TIME DEPOSIT', pitch: 'MORE INTEREST' } }, texts, ascii);
    const offer = indexOf(bytes, [...ESCPOS.boldOn, ...ascii('FOR YOU: TIME DEPOSIT\n'), ...ESCPOS.boldOff, ...ascii('MORE INTEREST\nBYE\n')]);
    expect(offer).toBeGreaterThan(indexOf(bytes, [...ascii('2026-11-30 09:41\n')]));
  });
});

import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrintableTicket } from '../../../domain/queue/escpos';
import { escPosPrinter, gb18030 } from './ticket-printer';

const ticket: PrintableTicket = {
  branchName: '侯马支行', number: 'A012', serviceName: '现金业务', ahead: 3, estimateMin: 12,
  issuedAtLocal: '2026-11-30 09:41', priorityLabel: null, footer: '请留意叫号',
};
const texts = { ahead: (n: number) => `您前面还有 ${n} 人`, estimate: (m: number | null) => `预计等候约 ${m} 分钟` };
const contains = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;

describe('thermal ticket printer', () => {
  it('encodes Chinese as GB18030, not UTF-8', () => {
    expect([...gb18030('现金')]).toEqual([0xcf, 0xd6, 0xbd, 0xf0]);
    expect([...gb18030('A001')]).toEqual([0x41, 0x30, 0x30, 0x31]);
  });

  it('sends the ESC/POS stream to a network printer raw port', async () => {
    const received: Uint8Array[] = [];
    const server = createServer((socket) => socket.on('data', (d) => received.push(new Uint8Array(d))));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      await escPosPrinter({ kind: 'escpos-tcp', host: '127.0.0.1', port }).print(ticket, texts);
      await new Promise((r) => setTimeout(r, 50));
      const bytes = new Uint8Array(Buffer.concat(received));
      expect([...bytes.slice(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
      expect(contains(bytes, gb18030('现金业务\n'))).toBe(true);
      expect(contains(bytes, gb18030('您前面还有 3 人'))).toBe(true);
      expect(contains(bytes, new TextEncoder().encode('现金'))).toBe(false);
      expect([...bytes.slice(-4)]).toEqual([0x1d, 0x56, 66, 3]);
    } finally {
      server.close();
    }
  });

  it('appends to a device file (USB printer) and reports an unreachable printer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jingwei-lp-'));
    try {
      const path = join(dir, 'lp0');
      await escPosPrinter({ kind: 'escpos-file', path }).print(ticket, texts);
      expect(contains(new Uint8Array(readFileSync(path)), gb18030('A012'))).toBe(true);
      await expect(escPosPrinter({ kind: 'escpos-file', path: join(dir, 'missing', 'lp0') }).print(ticket, texts)).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

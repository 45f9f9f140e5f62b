/**
 * Issue #10's flow-import attack against a running branch host, as a teller's credential allows: a workbook of
 * 3,000,000 rows in under 2 MB (once 143 s and 3 GB, the host deaf for 97 s, then a 500), and a damaged .xlsx
 * (once a 500). The file must be refused with a message a teller understands while every other screen is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { createTestCore } from '../core/testing/test-core';
import { xlsxWithRows } from '../core/testing/flow-files';
import { startBranchHost, type BranchHost } from './branch-host';
import { postHost } from './testing/host-api';

let t: Awaited<ReturnType<typeof createTestCore>>;
let host: BranchHost;
let teller: string;
let customerId: string;

const api = (method: string, args: unknown, token?: string) => postHost<{ id: string; rev: string; flows?: { rows: number } }>(host.url, method, args, token);

async function draft() {
  return (await api('loans.createDraft', { customerId, productCode: 'merchant' }, teller)).body.value!;
}

beforeAll(async () => {
  t = await createTestCore({ clock: () => new Date('2026-01-10T02:00:00Z') });
  host = await startBranchHost({ core: t.core });
  teller = await t.login('T001');
  const body17 = '14108119780505002';
  const customer = await t.call('customers.create', { customer: { kind: 'individual', name: '刘记干货', idNumber: body17 + residentIdCheckChar(body17), phone: '13903570001', address: '侯马市', group: 'merchant' } }, teller);
  customerId = customer.id;
});

afterAll(async () => {
  await host.close();
  await t.dispose();
});

describe('flow import cannot take the branch host down', () => {
  it('refuses the 3,000,000-row workbook with a Chinese message, answering other calls all the while', async () => {
    const bomb = await xlsxWithRows(3_000_000);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const app = await draft();
    let answered = 0;
    let importing = true;
    const others = (async () => {
      while (importing) {
        if ((await api('system.info', {})).status === 200 && importing) answered++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const res = await api('loans.importFlows', { id: app.id, rev: app.rev, fileName: '流水.xlsx', contentBase64: bomb.toString('base64') }, teller);
    importing = false;
    await others;
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', message: '流水文件无法导入：文件超过200000行数据，请缩小导出范围后再导入' });
    // Before, the host parsed the workbook on the thread that answers, and nothing was answered until it gave up.
    expect(answered).toBeGreaterThan(5);
    // The draft is as it was: nothing half-saved.
    const after = await t.call('loans.get', { id: app.id }, teller);
    expect(after.rev).toBe(app.rev);
    expect(after.flows ?? null).toBeNull();
  }, 120_000);

  it('answers a damaged workbook with a message, not a 500', async () => {
    const app = await draft();
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(4096, 7)].map((b) => new Uint8Array(b)));
    const res = await api('loans.importFlows', { id: app.id, rev: app.rev, fileName: '流水.xlsx', contentBase64: damaged.toString('base64') }, teller);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', message: '流水文件无法导入：无法读取 Excel 文件：文件已损坏或不是有效的 .xlsx 文件，请用 Excel 打开后另存为 .xlsx 或 CSV' });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { creditLineId } from '../../../domain/village/credit-line';
import { signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore, testHeadOffice } from '../testing/test-core';

// Checks of credit documents counted (not those of staff records at login); the real check still decides.
const verified = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../trust/signature', async (original) => {
  const actual = await original<typeof import('../../../trust/signature')>();
  return {
    ...actual,
    verifyDoc(doc: unknown, trust: Parameters<typeof actual.verifyDoc>[1]) {
      if (String((doc as { _id?: unknown })._id).startsWith('credit-')) verified.count++;
      return actual.verifyDoc(doc, trust);
    },
  };
});

const digest = `sha256:${'a'.repeat(64)}`;
const household = (i: number) => `household:${String(i).padStart(32, '0')}`;
const line = (i: number, limitFen = 5_000_000) => signDoc({
  _id: creditLineId(household(i)), type: 'credit-line', branch: 'HM01', village: '验签村', householdId: household(i), limitFen, rateBp: 650, termMonths: 36,
  expiresOn: '2029-03-01', approvalId: 'village-approval:01JCCCCCCCCCCCCCCCCCCCCCCC', contractDigest: digest, issuedAt: '2026-03-02T02:00:00.000Z', signing: null,
}, signerOf(testHeadOffice()));

describe('head office\'s signatures on credit lines, checked once per revision', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  const dashboard = async () => t.call('village.dashboard', {}, await t.login('H001'));
  beforeAll(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z') });
    await t.putSigned([1, 2, 3].map((i) => line(i)));
  });
  afterAll(async () => t.dispose());

  it('checks each signature once, and after a restart takes a line that reads the same without checking it again', async () => {
    verified.count = 0;
    expect((await dashboard()).branch).toMatchObject({ granted: 3, grantedFen: 15_000_000 });
    expect(verified.count).toBe(3);
    await dashboard();
    expect(verified.count).toBe(3);
    await t.restart();
    verified.count = 0;
    expect((await dashboard()).branch).toMatchObject({ granted: 3, grantedFen: 15_000_000 });
    expect(verified.count).toBe(0);
  });

  it('a line edited in the store file behind the documents\' back (same revision) is checked again and refused', async () => {
    const sql = t.core.store.sql;
    const row = sql.prepare('SELECT r.rev, r.json FROM revs r JOIN docs d ON d.id = r.doc_id AND d.winning_rev = r.rev WHERE d.id = ?').get(creditLineId(household(2))) as { rev: string; json: string };
    sql.prepare('UPDATE revs SET json = ? WHERE doc_id = ? AND rev = ?').run(row.json.replace('"limitFen":5000000', '"limitFen":99000000'), creditLineId(household(2)), row.rev);
    // A verdict row written by someone without the device's key matches nothing either.
    sql.prepare('UPDATE signature_verdict SET mac = ? WHERE id = ?').run(Buffer.alloc(32, 7), creditLineId(household(3)));
    await t.restart();
    verified.count = 0;
    const view = await dashboard();
    expect(view.branch).toMatchObject({ granted: 2, grantedFen: 10_000_000 });
    expect(view.untrusted).toBe(1);
    expect(verified.count).toBe(2);
  });

  it('a new revision from head office is checked and counted', async () => {
    verified.count = 0;
    await t.putSigned([line(2, 6_000_000)]);
    expect((await dashboard()).branch).toMatchObject({ granted: 3, grantedFen: 16_000_000 });
    expect(verified.count).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionStatement, DEFAULT_COMMISSION_RULES, partnerStatementDoc } from '../../../domain/value/partners';
import { signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore } from '../testing/test-core';

const statement = (month: string, branch: string) =>
  partnerStatementDoc(commissionStatement({ branch, month, rules: DEFAULT_COMMISSION_RULES, partners: [], applications: [], loans: [] }));

let t: Awaited<ReturnType<typeof createTestCore>>;
beforeAll(async () => {
  t = await createTestCore();
}, 120_000);
afterAll(() => t.dispose());

describe('the value screens\' live change feed', () => {
  it('tells the screens when a statement of this branch or a marketing task arrives, nothing for another branch\'s statement', async () => {
    const seen: string[] = [];
    const off = t.core.events.onEvent((e) => {
      if (e.name === 'value.partnerStatement' || e.name === 'value.marketingTask') seen.push(`${e.name} ${(e.payload as { id: string }).id}`);
    });
    try {
      await t.putSigned([signDoc(statement('2026-08', 'HM01'), signerOf(t.headOffice)), signDoc(statement('2026-08', 'HM02'), signerOf(t.headOffice))]);
      // As a replicated write lands: straight into the store, not through the API.
      await t.core.store.pouch.put({ _id: 'marketing-task:01KBZZ8Q0M4X1V3T6W9Y2A5C7E', type: 'marketing-task', branch: 'HM01' });
      await t.core.store.pouch.put({ _id: 'customer:01KBZZ8Q0M4X1V3T6W9Y2A5C7E', type: 'customer' });
      await expect.poll(() => seen).toEqual([
        'value.partnerStatement partner-statement:HM01:2026-08',
        'value.marketingTask marketing-task:01KBZZ8Q0M4X1V3T6W9Y2A5C7E',
      ]);
    } finally {
      off();
    }
  });
});

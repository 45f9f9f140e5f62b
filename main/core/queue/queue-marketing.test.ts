import { describe, expect, it } from 'vitest';
import { marketingItems } from './queue-marketing';

// A marketing item's bare dates are the branch's days: head office writes "valid to 2026-12-31" meaning the last day in
// Beijing, and the kiosk shows it until Beijing's midnight — not until 08:00 the next morning (UTC's midnight).
function referenceWith(docs: object[]) {
  const rows = docs.map((doc) => ({ id: (doc as { _id: string })._id, doc }));
  return { allDocs: async () => ({ rows }) } as unknown as PouchDB.Database<object>;
}

describe('kiosk marketing items by the branch\'s day', () => {
  const reference = referenceWith([
    { _id: 'marketing:year-end', type: 'marketing', audience: 'kiosk', title: '年末特惠', body: '至年底', validTo: '2026-12-31' },
    { _id: 'marketing:new-year', type: 'marketing', audience: 'kiosk', title: '新年开门红', body: '元旦起', validFrom: '2027-01-01' },
  ]);
  const shownAt = async (iso: string, timeZone = 'Asia/Shanghai') =>
    (await marketingItems({ reference, timeZone }, new Date(iso))).map((m) => m.id);

  it('ends an item at midnight in Beijing and starts the next one then', async () => {
    expect(await shownAt('2026-12-31T15:59:00Z')).toEqual(['marketing:year-end']); // 23:59 on the 31st in Beijing
    expect(await shownAt('2026-12-31T16:01:00Z')).toEqual(['marketing:new-year']); // 00:01 on 1 January in Beijing
  });

  it('follows the time zone the branch is configured with', async () => {
    expect(await shownAt('2026-12-31T16:01:00Z', 'UTC')).toEqual(['marketing:year-end']);
  });
});

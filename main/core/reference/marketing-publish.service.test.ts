import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../testing/test-core';

const item = { title: '定期存款 · 年末特惠', body: '三年期定期存款利率上浮，仅限本月。', tag: '存款', audience: 'kiosk' as const };

describe('publishing the kiosk marketing items', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(async () => t.dispose());

  const stored = async () => (await t.core.reference.pouch.allDocs({ startkey: 'marketing:', endkey: 'marketing:\uffff' })).rows.length;
  const kioskTitles = async () => (await t.call('queue.marketing', {})).map((m) => m.title);

  it('creates, edits and retires an item the kiosk shows and then drops, each audited once', async () => {
    const it = await t.login('A001');
    const pushed: string[][] = [];
    t.core.events.onEvent((e) => {
      if (e.name === 'queue.marketing') pushed.push((e.payload as { title: string }[]).map((m) => m.title));
    });

    const created = await t.call('reference.saveMarketing', { item }, it);
    expect(created).toMatchObject({ title: item.title, tag: '存款', audience: 'kiosk', ended: false });
    expect(created.id).toMatch(/^marketing:/);
    expect(await kioskTitles()).toContain(item.title);
    await expect.poll(() => pushed.some((p) => p.includes(item.title)), { timeout: 10_000 }).toBe(true);

    const edited = await t.call('reference.saveMarketing', { id: created.id, rev: created.rev, item: { ...item, title: '定期存款 · 元旦特惠', validTo: '2099-12-31' } }, it);
    expect(edited).toMatchObject({ id: created.id, title: '定期存款 · 元旦特惠', validTo: '2099-12-31' });
    // An edit made against the revision before is refused: a colleague's change is not overwritten.
    expect((await t.fail('reference.saveMarketing', { id: created.id, rev: created.rev, item }, it)).code).toBe('CONFLICT');

    const retired = await t.call('reference.retireMarketing', { id: edited.id, rev: edited.rev }, it);
    expect(retired.ended).toBe(true);
    expect(await kioskTitles()).not.toContain('定期存款 · 元旦特惠');
    const list = await t.call('reference.marketing', {}, it);
    expect(list.find((r) => r.id === created.id)).toMatchObject({ ended: true });

    const actions = (await t.call('audit.entries', { staffNo: 'A001' }, it)).entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('reference.')).sort()).toEqual(['reference.retireMarketing', 'reference.saveMarketing', 'reference.saveMarketing']);
  });

  it('refuses bad input and a teller, writing nothing', async () => {
    const it = await t.login('A001');
    const before = await stored();
    expect((await t.fail('reference.saveMarketing', { item }, await t.login('T001'))).code).toBe('FORBIDDEN');
    const empty = await t.fail('reference.saveMarketing', { item: { ...item, title: '  ' } }, it);
    expect(empty.fields?.[0]?.path).toBe('item.title');
    expect(empty.message).toContain('标题');
    const range = await t.fail('reference.saveMarketing', { item: { ...item, validFrom: '2026-12-31', validTo: '2026-12-01' } }, it);
    expect(range.message).toContain('有效期止不能早于有效期起');
    expect((await t.fail('reference.saveMarketing', { item: { ...item, audience: 'street' } }, it)).fields?.[0]?.path).toBe('item.audience');
    expect(await stored()).toBe(before);
  });
});

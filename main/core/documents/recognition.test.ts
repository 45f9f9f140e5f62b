import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdCard, type IdCardFixture } from '../../../tests/fixtures/ocr/generate';
import type { IdCardFieldName } from '../../../domain/ocr';
import type { EventMessage } from '../api/transport';
import { createTestCore } from '../testing/test-core';

// One recognition for the whole file: the tesseract worker is slow on a shared machine, and loading it is the
// expensive part. The rest (saving, bad input) is covered without the engine in the other tests.
describe('scanning an ID card through the core API', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let card: IdCardFixture;
  const events: EventMessage[] = [];

  beforeAll(async () => {
    t = await createTestCore();
    card = await generateIdCard(4242, 'mild', new Date());
    t.core.onEvent((e) => events.push(e));
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('fills the fields, lists the deliberately wrong name as a difference, and the corrected verdict is kept', async () => {
    const token = await t.login('T001');
    const wrongName = card.truth.name.startsWith('王') ? '李小明' : '王小明';
    const customer = await t.call('customers.create', {
      customer: { kind: 'individual', name: wrongName, idNumber: card.truth.idNumber, phone: '13800138000', address: card.truth.address, group: 'farmer' },
    }, token);

    const r = await t.call('ocr.recognizeIdCard', {
      front: card.front.toString('base64'), back: card.back.toString('base64'), customerId: customer.id, requestId: 'req-1',
    }, token);

    expect(r.requestId).toBe('req-1');
    expect(r.kind).toBe('id-card');
    expect(r.fields.idNumber!.value).toBe(card.truth.idNumber);
    expect(r.fields.birthDate!.value).toBe(card.truth.birthDate);
    expect(r.fields.validUntil!.value).toBe(card.truth.validUntil);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    const name = r.differences.find((d) => d.field === 'name');
    expect(name).toMatchObject({ recorded: wrongName, messageZh: expect.stringContaining('姓名与客户档案不一致') });
    expect(r.differences.map((d) => d.field)).not.toContain('idNumber');
    expect(r.wallMs).toBeGreaterThanOrEqual(r.timingMs);

    const progress = events.filter((e) => e.name === 'ocr.progress').map((e) => e.payload as { requestId: string; stage: string });
    expect(progress.every((p) => p.requestId === 'req-1')).toBe(true);
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['recognising-front', 'recognising-back', 'extracting']));

    // The teller types the name as printed (whatever the engine made of it) and keeps the corrected verdict.
    const fields = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.value]));
    const saved = await t.call('documents.saveVerdict', {
      customerId: customer.id, kind: 'id-card', images: { front: card.front.toString('base64'), back: card.back.toString('base64') },
      fields: { ...(fields as Record<IdCardFieldName, string>), name: card.truth.name }, verdict: 'corrected',
      recognised: Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, { value: f.value, confidence: f.confidence, uncertain: f.uncertain }])),
    }, token);
    expect(saved.differences.map((d) => d.field)).toContain('name');
    expect(saved.images.map((i) => i.name)).toEqual(['front.png', 'back.png']);
    expect(events.some((e) => e.name === 'document.saved' && (e.payload as { id: string }).id === saved.id)).toBe(true);
  }, 180_000);
});

import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { usccCheckChar } from '../../../domain/identity/uscc';
import { MAX_BYTES } from '../ocr/input-check';
import { createTestCore } from '../testing/test-core';

const first17 = '14108119850612001';
const ID = first17 + residentIdCheckChar(first17);
const ADDRESS = '山西省侯马市新田乡东阳村3组';

/** An ID card's values as a teller would accept them; the validity period is far in the future. */
function idValues(over: Record<string, string> = {}) {
  return {
    name: '张三', sex: '男', ethnicity: '汉', birthDate: '1985-06-12', address: ADDRESS, idNumber: ID,
    issuingAuthority: '侯马市公安局', validFrom: '2020-01-01', validUntil: '长期', ...over,
  };
}

const b64 = (b: Buffer) => b.toString('base64');
let png: Buffer;
let jpeg: Buffer;

describe('documents kept with the customer', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let token: string;
  let customerId: string;

  beforeEach(async () => {
    t = await createTestCore();
    token = await t.login('T001');
    png ??= await sharp({ create: { width: 640, height: 400, channels: 3, background: '#e8eef2' } }).png().toBuffer();
    jpeg ??= await sharp({ create: { width: 640, height: 400, channels: 3, background: '#d0d8de' } }).jpeg().toBuffer();
    const c = await t.call('customers.create', {
      customer: { kind: 'individual', name: '张叁', idNumber: ID, phone: '13800138000', address: ADDRESS, group: 'farmer' },
    }, token);
    customerId = c.id;
  });
  afterEach(async () => t.dispose());

  async function storedDocuments(): Promise<number> {
    return (await t.core.store.pouch.allDocs({ startkey: 'document:', endkey: 'document:\uffff' })).rows.length;
  }

  it('stores the verdict with the images as attachments, lists it and audits it under the customer', async () => {
    const saved = await t.call('documents.saveVerdict', {
      customerId, kind: 'id-card', images: { front: b64(png), back: b64(jpeg) }, fields: idValues(), verdict: 'corrected',
      recognised: { name: { value: '张三', confidence: 61, uncertain: true } },
    }, token);
    expect(saved).toMatchObject({ customerId, kind: 'id-card', verdict: 'corrected', createdBy: 'T001', createdByName: '测试T001', reason: null });
    expect(saved.id).toMatch(/^document:[0-9A-Z]{26}$/);
    expect(saved.images.map((i) => [i.name, i.contentType])).toEqual([['front.png', 'image/png'], ['back.jpg', 'image/jpeg']]);
    expect(saved.images[0]!.bytes).toBe(png.length);
    // The record says 张叁, the card 张三: the difference is kept with the verdict.
    expect(saved.differences).toEqual([expect.objectContaining({ field: 'name', recorded: '张叁', recognised: '张三' })]);
    expect(saved.checks.every((c) => c.ok)).toBe(true);

    const raw = (await t.core.store.pouch.get(saved.id)) as unknown as { type: string; _attachments: Record<string, { stub: boolean }> };
    expect(raw.type).toBe('document');
    expect(Object.keys(raw._attachments).sort()).toEqual(['back.jpg', 'front.png']);

    expect((await t.call('documents.list', { customerId }, token)).map((d) => d.id)).toEqual([saved.id]);
    const original = await t.call('documents.image', { id: saved.id, name: 'front.png' }, token);
    expect(Buffer.from(original.data, 'base64').equals(png)).toBe(true);
    const thumb = await t.call('documents.image', { id: saved.id, name: 'front.png', width: 160 }, token);
    expect(thumb.contentType).toBe('image/jpeg');
    expect((await sharp(Buffer.from(thumb.data, 'base64')).metadata()).width).toBe(160);

    const history = await t.call('customers.history', { id: customerId }, token);
    expect(history.map((h) => h.action)).toEqual(['customer.create', 'document.corrected']);
    expect(history[1]!.changes).toEqual(expect.arrayContaining([{ field: 'document', before: null, after: saved.id }, { field: 'verdict', before: null, after: 'corrected' }]));
  });

  it('an accepted ID card on file counts as collected in the next loan application', async () => {
    const before = await t.call('loans.createDraft', { customerId, productCode: 'farmer' }, token);
    expect(before.collectedData).toEqual([]);
    await t.call('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues({ name: '张叁' }), verdict: 'accepted' }, token);
    const after = await t.call('loans.createDraft', { customerId, productCode: 'farmer' }, token);
    expect(after.collectedData).toEqual(['id-card']);
  });

  it('keeps the list per customer, newest first, and survives a restart', async () => {
    const first = await t.call('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues(), verdict: 'accepted' }, token);
    const second = await t.call('documents.saveVerdict', {
      customerId, kind: 'id-card', images: { front: b64(jpeg) }, fields: idValues({ validUntil: '2001-01-01' }), verdict: 'rejected', reason: '证件已过期',
    }, token);
    await t.restart();
    token = await t.login('T001');
    const list = await t.call('documents.list', { customerId }, token);
    expect(list.map((d) => [d.id, d.verdict, d.reason])).toEqual([[second.id, 'rejected', '证件已过期'], [first.id, 'accepted', null]]);
    expect(list[0]!.checks.find((c) => c.code === 'id.notExpired')?.ok).toBe(false);
    const other = await t.call('customers.create', {
      customer: { kind: 'individual', name: '李四', idNumber: '11010519491231002X', phone: '13800138001', address: '北京市', group: 'resident' },
    }, token);
    expect(await t.call('documents.list', { customerId: other.id }, token)).toEqual([]);
  });

  it('refuses to accept a document whose checks fail, naming the field and the rule', async () => {
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    const err = await t.fail('documents.saveVerdict', {
      customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues({ idNumber: wrongCheck, sex: '女', validUntil: '2020-02-02' }), verdict: 'accepted',
    }, token);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('不能接受');
    const paths = err.fields?.map((f) => f.path);
    expect(paths).toContain('fields.idNumber');
    expect(paths).toContain('fields.validUntil');
    expect(err.fields?.find((f) => f.path === 'fields.idNumber')?.message).toContain('校验码不符');
    expect(await storedDocuments()).toBe(0);
  });

  it('requires a reason to reject and the holder to accept', async () => {
    const noReason = await t.fail('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues(), verdict: 'rejected' }, token);
    expect(noReason.fields?.[0]).toMatchObject({ path: 'reason', message: '拒绝时须填写拒绝原因' });
    const noName = await t.fail('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues({ name: ' ' }), verdict: 'accepted' }, token);
    expect(noName.fields?.[0]?.message).toContain('姓名不能为空');
    expect(await storedDocuments()).toBe(0);
  });

  it('accepts a licence with a pilot USCC (check character only warns) for an enterprise', async () => {
    const body = '91141081MA0K2C3D4';
    const pilot = body + (usccCheckChar(body) === 'Y' ? 'X' : 'Y');
    const ent = await t.call('customers.create', {
      customer: { kind: 'enterprise', name: '侯马市晋南农机合作社', uscc: pilot, legalRepresentative: '李建国', phone: '0357-4120000', address: '侯马市新田乡' },
    }, token);
    const saved = await t.call('documents.saveVerdict', {
      customerId: ent.id, kind: 'licence', images: { licence: b64(png) }, verdict: 'accepted',
      fields: { companyName: '侯马市晋南农机合作社', uscc: pilot, companyType: '农民专业合作社', legalRepresentative: '李建国', registeredCapital: '伍拾万元整', establishedDate: '2018-03-01', address: '侯马市新田乡' },
    }, token);
    expect(saved.images.map((i) => i.name)).toEqual(['licence.png']);
    expect(saved.checks.map((c) => [c.code, c.ok])).toEqual([['licence.uscc', true], ['licence.usccCheckDigit', false]]);
    expect(saved.differences).toEqual([]);
  });

  it('refuses PDF, HEIC, oversized, non-image and broken files with their own message, and saves nothing', async () => {
    const heic = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypheic'), ...Buffer.alloc(32)]);
    const oversized = Buffer.alloc(MAX_BYTES + 1);
    png.copy(oversized);
    const brokenPng = png.subarray(0, 12);
    const cases: Array<[string, Buffer, string]> = [
      ['pdf', Buffer.from('%PDF-1.7\n1 0 obj\n'), '不支持 PDF'],
      ['heic', heic, 'HEIC'],
      ['too-large', oversized, '20 MB'],
      ['unsupported-format', Buffer.from('GIF89a..............'), '不支持的文件格式'],
      ['undecodable', brokenPng, '无法解码'],
      ['empty', Buffer.alloc(0), '图片为空'],
    ];
    for (const [code, bytes, text] of cases) {
      const err = await t.fail('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png), back: b64(bytes) }, fields: idValues(), verdict: 'accepted' }, token);
      expect(err.detail?.ocrCode, code).toBe(code);
      expect(err.message, code).toContain(text);
      expect(err.fields?.[0]?.path, code).toBe('images.back');
    }
    expect(await storedDocuments()).toBe(0);
    expect((await t.call('customers.history', { id: customerId }, token)).map((h) => h.action)).toEqual(['customer.create']);
  });

  it('checks permissions and arguments in the core', async () => {
    const risk = await t.login('R001');
    const forbidden = await t.fail('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: b64(png) }, fields: idValues(), verdict: 'accepted' }, risk);
    expect(forbidden.code).toBe('FORBIDDEN');
    const notBase64 = await t.fail('documents.saveVerdict', { customerId, kind: 'id-card', images: { front: 'not base64!' }, fields: idValues(), verdict: 'accepted' }, token);
    expect(notBase64.code).toBe('BAD_REQUEST');
    const missing = await t.fail('documents.saveVerdict', { customerId: 'customer:01ARZ3NDEKTSV4RRFFQ69G5FAV', kind: 'id-card', images: { front: b64(png) }, fields: idValues(), verdict: 'accepted' }, token);
    expect(missing.code).toBe('NOT_FOUND');
    const noImage = await t.fail('documents.image', { id: 'document:01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'front.png' }, token);
    expect(noImage.code).toBe('NOT_FOUND');
    expect(await storedDocuments()).toBe(0);
  });
});

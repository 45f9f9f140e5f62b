import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passCarries } from '../sync/replicator/local-db';
import { createTestCore } from '../testing/test-core';
import { listCsv, villageList } from '../testing/household-lists';

/** A camera-like JPEG: noisy pixels (not a flat colour a codec shrinks to nothing), sideways by its EXIF, with GPS. */
async function phonePhoto(width: number, height: number): Promise<string> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24 ^ (i % width);
  const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation: 6, exif: { IFD0: { Make: 'VillageCam', Model: 'X1' } } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return jpeg.toString('base64');
}

describe('household photos (农户建档)', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let m: string;
  let householdId: string;
  beforeAll(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z') });
    m = await t.login('M001');
    const csv = listCsv(villageList(1, 7));
    await t.call('village.importHouseholds', { village: '东阳村', fileName: 'list.csv', contentBase64: Buffer.from(csv).toString('base64') }, m);
    householdId = (await t.call('village.households', { village: '东阳村' }, m))[0]!.id;
  });
  afterAll(async () => t.dispose());

  it('keeps a phone photo upright, downscaled and without its camera metadata; lists it, shows a thumbnail, audits it', async () => {
    const added = await t.call('village.addPhoto', { householdId, imageBase64: await phonePhoto(2400, 1800), caption: '住房正面' }, m);
    // Orientation 6 = the camera was turned: the stored picture is upright (portrait), longest side 1600.
    expect(added).toMatchObject({ householdId, caption: '住房正面', width: 1200, height: 1600, createdBy: 'M001' });
    const listed = await t.call('village.photos', { householdId }, m);
    expect(listed).toEqual([added]);

    const full = Buffer.from((await t.call('village.photo', { id: added.id }, m)).data, 'base64');
    const meta = await sharp(full).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1200, height: 1600 });
    expect(meta.exif).toBeUndefined();
    expect(full.length).toBe(added.bytes);
    const thumb = await t.call('village.photo', { id: added.id, width: 160 }, m);
    expect(await sharp(Buffer.from(thumb.data, 'base64')).metadata()).toMatchObject({ format: 'jpeg', width: 160 });

    const audit = t.core.store.sql.prepare("SELECT COUNT(*) AS n FROM audit_index WHERE action = 'village.addPhoto' AND entity = ?").get(householdId) as { n: number };
    expect(audit.n).toBe(1);
    // A PNG (a screenshot, a scanner's output) is kept as JPEG too.
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } }).png().toBuffer();
    expect(await t.call('village.addPhoto', { householdId, imageBase64: png.toString('base64') }, m)).toMatchObject({ width: 640, height: 480, caption: '' });
  });

  it('syncs the household record ahead of its photos (the photo, with its attachment, goes in the blobs pass)', async () => {
    const [photo] = await t.call('village.photos', { householdId }, m);
    const doc = (await t.core.store.pouch.get(photo!.id)) as Record<string, unknown>;
    expect(doc).toMatchObject({ type: 'household-photo', householdId, _attachments: { 'photo.jpg': { content_type: 'image/jpeg' } } });
    expect(passCarries('docs', (await t.core.store.pouch.get(householdId)) as Record<string, unknown>)).toBe(true);
    expect(passCarries('docs', doc)).toBe(false);
    expect(passCarries('blobs', doc)).toBe(true);
  });

  it('refuses a PDF, a broken file, an unknown household and a teller by name, writing nothing', async () => {
    const before = (await t.call('village.photos', { householdId }, m)).length;
    const pdf = await t.fail('village.addPhoto', { householdId, imageBase64: Buffer.from('%PDF-1.7\n1 0 obj\n').toString('base64') }, m);
    expect(pdf).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'imageBase64' }] });
    expect(pdf.message).toContain('PDF');
    const broken = (await sharp({ create: { width: 800, height: 600, channels: 3, background: '#888' } }).jpeg().toBuffer()).subarray(0, 200);
    expect(await t.fail('village.addPhoto', { householdId, imageBase64: broken.toString('base64') }, m)).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'imageBase64' }] });
    const photo = await phonePhoto(400, 300);
    expect(await t.fail('village.addPhoto', { householdId: `household:${'0'.repeat(32)}`, imageBase64: photo }, m)).toMatchObject({ code: 'NOT_FOUND', message: '找不到该农户档案' });
    expect((await t.fail('village.addPhoto', { householdId, imageBase64: photo }, await t.login('T001'))).code).toBe('FORBIDDEN');
    expect((await t.call('village.photos', { householdId }, m)).length).toBe(before);
  });

  it('removes a photo (audited), after which it is gone from the list and cannot be fetched', async () => {
    const [first, second] = await t.call('village.photos', { householdId }, m);
    expect(await t.call('village.removePhoto', { id: first!.id }, m)).toEqual({ removed: first!.id });
    expect((await t.call('village.photos', { householdId }, m)).map((p) => p.id)).toEqual([second!.id]);
    expect(await t.fail('village.photo', { id: first!.id }, m)).toMatchObject({ code: 'NOT_FOUND', message: '找不到该照片' });
    expect((await t.fail('village.removePhoto', { id: first!.id }, m)).code).toBe('NOT_FOUND');
    const audit = t.core.store.sql.prepare("SELECT COUNT(*) AS n FROM audit_index WHERE action = 'village.removePhoto' AND entity = ?").get(householdId) as { n: number };
    expect(audit.n).toBe(1);
  });
});

import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { monotonicFactory } from 'ulid';
import {
  HOUSEHOLD_PHOTO_MAX_BYTES, HOUSEHOLD_PHOTO_MAX_SIDE, householdOfPhoto, householdPhotoPrefix, PHOTOS_PER_HOUSEHOLD,
} from '../../../domain/village/household-photo';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import { assertDecodable, decodeImage } from '../documents/images';
import { asApiErrors } from '../documents/ocr-errors';
import { MAX_PIXELS } from '../ocr/input-check';
import type { HouseholdPhoto, householdPhotosContract } from './household-photos.contract';
import type { HouseholdDoc, HouseholdPhotoDoc } from './village.docs';
import type { ServiceDeps } from '../service-deps';

export type HouseholdPhotoDeps = Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'branch'>;

const ulid = monotonicFactory();
const ATTACHMENT = 'photo.jpg';

/** A refusal of the picture itself, pointed at the photo field. */
const imageRefusal = (key: string) => apiError('VALIDATION', key, {}, { fields: [{ path: 'imageBase64', key, message: translate(key) }] });

const photoOf = (d: HouseholdPhotoDoc): HouseholdPhoto => ({
  id: d._id, householdId: d.householdId, caption: d.caption, width: d.width, height: d.height, bytes: d.bytes,
  createdAt: d.createdAt, createdBy: d.createdBy, createdByName: d.createdByName,
});

/**
 * Whatever the camera or the file gave (a 12-megapixel phone JPEG, a PNG, a sideways shot) → an upright JPEG no
 * longer than HOUSEHOLD_PHOTO_MAX_SIDE, without the camera's metadata (its GPS, its serial number), small enough for
 * the server's ceiling: a noisy picture that is still too big is made smaller and coarser until it fits.
 */
export async function photoJpeg(input: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  for (const [side, quality] of [[HOUSEHOLD_PHOTO_MAX_SIDE, 80], [1200, 70], [800, 60]] as const) {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    if (data.length <= HOUSEHOLD_PHOTO_MAX_BYTES) return { data, width: info.width, height: info.height };
  }
  throw imageRefusal('village.photo.tooDetailed');
}

/**
 * 农户建档's photos: added from the laptop's camera or a file, kept on this device (the field works offline), synced
 * when the link is back — after the records, since a photo is its own document with an attachment. Each addition and
 * removal is audited under the household.
 */
export function householdPhotoHandlers(deps: HouseholdPhotoDeps): Handlers<typeof householdPhotosContract> {
  async function household(id: string): Promise<HouseholdDoc> {
    const doc = (await deps.pouch.get<HouseholdDoc>(id).catch(() => null)) as HouseholdDoc | null;
    if (!doc || doc.type !== 'household') throw apiError('NOT_FOUND', 'village.householdNotFound');
    return doc;
  }

  async function photoDocs(householdId: string): Promise<HouseholdPhotoDoc[]> {
    const prefix = householdPhotoPrefix(householdId);
    const res = await deps.pouch.allDocs<HouseholdPhotoDoc>({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    return res.rows.flatMap((r) => (r.doc && (r.doc as HouseholdPhotoDoc).type === 'household-photo' ? [r.doc as HouseholdPhotoDoc] : []));
  }

  async function photoDoc(id: string): Promise<HouseholdPhotoDoc> {
    const doc = (await deps.pouch.get<HouseholdPhotoDoc>(id).catch(() => null)) as HouseholdPhotoDoc | null;
    if (!doc || doc.type !== 'household-photo' || !doc._attachments?.[ATTACHMENT]) throw apiError('NOT_FOUND', 'village.photo.notFound');
    return doc;
  }

  return {
    'village.photos': async ({ householdId }) => {
      await household(householdId);
      return (await photoDocs(householdId)).map(photoOf);
    },

    'village.addPhoto': async ({ householdId, imageBase64, caption }, ctx) => {
      const actor = actorOf(ctx);
      // The picture is checked and re-encoded before anything is written: a PDF or a broken file leaves no trace.
      const img = await asApiErrors(() => decodeImage('photo', imageBase64), 'imageBase64');
      await asApiErrors(() => assertDecodable(img), 'imageBase64');
      const jpeg = await photoJpeg(img.bytes).catch((e: unknown) => {
        if ((e as { status?: number }).status) throw e;
        throw imageRefusal('ocr.error.undecodable');
      });
      return deps.writes.run(async () => {
        await household(householdId);
        if ((await photoDocs(householdId)).length >= PHOTOS_PER_HOUSEHOLD) throw apiError('VALIDATION', 'village.photo.tooMany', { max: PHOTOS_PER_HOUSEHOLD });
        const at = ctx.now.toISOString();
        const digest = `sha256:${createHash('sha256').update(new Uint8Array(jpeg.data)).digest('hex')}`;
        const doc: HouseholdPhotoDoc = {
          _id: `${householdPhotoPrefix(householdId)}${ulid(ctx.now.getTime())}`, type: 'household-photo', branch: deps.branch, householdId, caption,
          width: jpeg.width, height: jpeg.height, bytes: jpeg.data.length, digest, createdAt: at, createdBy: actor.staffNo, createdByName: actor.name,
          _attachments: { [ATTACHMENT]: { content_type: 'image/jpeg', data: jpeg.data.toString('base64') } },
        };
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: 'village.addPhoto', entity: householdId, at, before: null,
          after: { photo: doc._id, caption, digest, bytes: doc.bytes, width: doc.width, height: doc.height },
        });
        const [res] = await deps.pouch.bulkDocs([doc as unknown as object, entry]);
        if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
        return photoOf(doc);
      });
    },

    'village.photo': async ({ id, width }) => {
      await photoDoc(id);
      const data = (await deps.pouch.getAttachment(id, ATTACHMENT)) as unknown as Buffer;
      if (!width) return { contentType: 'image/jpeg', data: Buffer.from(data).toString('base64') };
      const thumb = await sharp(data).resize({ width, withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
      return { contentType: 'image/jpeg', data: thumb.toString('base64') };
    },

    'village.removePhoto': async ({ id }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = await photoDoc(id);
        const at = ctx.now.toISOString();
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: 'village.removePhoto', entity: householdOfPhoto(id), at,
          before: { photo: id, caption: doc.caption, digest: doc.digest, createdAt: doc.createdAt, createdBy: doc.createdBy }, after: null,
        });
        const [res] = await deps.pouch.bulkDocs([{ _id: id, _rev: doc._rev!, _deleted: true }, entry]);
        if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
        return { removed: id };
      });
    },
  };
}

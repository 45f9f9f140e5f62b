import { z } from 'zod';
import { method } from '../api/method';

const householdId = z.string().regex(/^household:[0-9a-f]{32}$/);
const photoId = z.string().regex(/^household-photo:[0-9a-f]{32}:[0-9A-HJKMNP-TV-Z]{26}$/);
// A phone photo is a few MB; 20 MB of picture is 27 MB of base64. The core's image check refuses the rest by name.
const imageBase64 = z.string().min(1).max(28 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export interface HouseholdPhoto {
  id: string;
  householdId: string;
  caption: string;
  width: number;
  height: number;
  bytes: number;
  createdAt: string;
  createdBy: string;
  createdByName: string;
}

/** 农户建档's photos: taken with the laptop's camera or picked from a file, stored on this device, synced after the records. */
export const householdPhotosContract = {
  'village.photos': method<HouseholdPhoto[]>()(z.object({ householdId }), 'customer.read'),
  'village.addPhoto': method<HouseholdPhoto>()(z.object({ householdId, imageBase64, caption: z.string().trim().max(100).default('') }), 'village.write'),
  /** The JPEG as base64; with `width`, a thumbnail made on request. */
  'village.photo': method<{ contentType: string; data: string }>()(z.object({ id: photoId, width: z.int().min(40).max(800).optional() }), 'customer.read'),
  'village.removePhoto': method<{ removed: string }>()(z.object({ id: photoId }), 'village.write'),
};

/**
 * Photos of a household's file (农户建档): the house, the land, the animals, taken in the village. Kept as their own
 * documents `household-photo:<household hex>:<ulid>` (one JPEG each), so the household's record syncs ahead of its
 * pictures on a weak link, and a household's photos are one key range.
 */

/** Longest side of a stored photo: enough to see a roof or a herd, small enough for a village link. */
export const HOUSEHOLD_PHOTO_MAX_SIDE = 1600;
/** Ceiling of one stored photo (after re-encoding); the server refuses more. */
export const HOUSEHOLD_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** Photos one household file may hold. */
export const PHOTOS_PER_HOUSEHOLD = 20;

/** The key range of a household's photos: `household:<hex>` → `household-photo:<hex>:`. */
export const householdPhotoPrefix = (householdId: string): string => `household-photo:${householdId.slice('household:'.length)}:`;

/** The household a photo id belongs to. */
export const householdOfPhoto = (photoId: string): string => `household:${photoId.split(':')[1] ?? ''}`;

import { z } from 'zod';

/** ISO-8601 UTC with a `Z`, as the project stores every time. */
export const isoUtc = z.iso.datetime();
export const text = (max: number) => z.string().max(max);
export const required = (max: number) => z.string().min(1).max(max);
/** Revision bookkeeping PouchDB adds to any document. */
export const docMeta = {
  _id: z.string().min(1).max(250),
  _rev: z.string().optional(),
  _revisions: z.looseObject({}).optional(),
  _attachments: z.record(z.string(), z.looseObject({})).optional(),
};

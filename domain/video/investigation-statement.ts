import { z } from 'zod';

// 视频防伪调查: what head office states about an investigation's snapshots, and signs. The times are head office's
// clock and the places the phone's, so the branch keeps the statement with the pictures: any device checks the
// signature and each picture's digest, and a snapshot re-dated or moved at the branch no longer verifies.

export const checklistItemSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  label: z.string().trim().min(1).max(60),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const phoneLocationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000),
});
export type PhoneLocation = z.infer<typeof phoneLocationSchema>;

/** An application may be investigated until it is signed: afterwards the evidence no longer decides anything. */
export const INVESTIGATION_STATES: readonly string[] = ['draft', 'referred', 'approved', 'contracted'];

/** Most snapshots one investigation keeps. */
export const MAX_SNAPSHOTS = 60;
const sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/);

export const snapshotSchema = z.object({
  n: z.int().min(1).max(MAX_SNAPSHOTS),
  item: checklistItemSchema.shape.code,
  /** Head office's time of the snapshot (ISO-8601 UTC). */
  at: z.iso.datetime(),
  /** The phone's last location, when it gave one shortly before the snapshot. */
  location: phoneLocationSchema.extend({ at: z.iso.datetime() }).nullable(),
  digest: sha256,
  bytes: z.int().min(1).max(4_000_000),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const investigationStatementSchema = z.object({
  type: z.literal('video-investigation'),
  applicationId: z.string().min(1).max(80),
  roomId: z.string().min(1).max(120),
  checklist: z.array(checklistItemSchema).min(1).max(12),
  snapshots: z.array(snapshotSchema).max(MAX_SNAPSHOTS),
  issuedAt: z.iso.datetime(),
  sig: z.object({ alg: z.literal('ed25519'), keyId: z.string().max(64), value: z.string().max(200) }),
});
export type InvestigationStatement = z.infer<typeof investigationStatementSchema>;

/** Each checklist item with how many snapshots show it: an item with none is what the investigation still lacks. */
export function checklistCoverage(checklist: readonly ChecklistItem[], snapshots: readonly Pick<Snapshot, 'item'>[]): (ChecklistItem & { snapshots: number })[] {
  return checklist.map((c) => ({ ...c, snapshots: snapshots.filter((s) => s.item === c.code).length }));
}

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// 视频防伪调查 at head office: in an investigation room the customer manager asks the customer to show what the
// product's checklist names (premises, stock, livestock, the house…); each snapshot the desk takes of the customer's
// picture is kept here with head office's time and, when the phone gave it, the phone's location at that moment — so
// neither the time nor the place comes from the branch's machine.

export const checklistItem = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  label: z.string().trim().min(1).max(60),
});
export type ChecklistItem = z.infer<typeof checklistItem>;

export const phoneLocation = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000),
});

export interface Snapshot {
  n: number;
  item: string;
  /** Head office's time of the snapshot (ISO-8601 UTC). */
  at: string;
  /** The phone's last location, when it gave one within LOCATION_FRESH_MS of the snapshot. */
  location: (z.infer<typeof phoneLocation> & { at: string }) | null;
  digest: string;
  bytes: number;
}

export interface InvestigationView {
  checklist: (ChecklistItem & { snapshots: number })[];
  snapshots: Snapshot[];
}

/** A location older than this says where the phone was, not where the picture is. */
export const LOCATION_FRESH_MS = 2 * 60_000;
const MAX_SNAPSHOTS = 60;

export class InvestigationRefused extends Error {
  constructor(readonly reason: 'notOnChecklist' | 'notJpeg' | 'tooMany', message: string) {
    super(message);
  }
}

export interface Investigation {
  view(): InvestigationView;
  located(location: z.infer<typeof phoneLocation>): void;
  snapshot(item: string, jpeg: Buffer): Snapshot;
  file(n: number): Buffer | null;
}

export function openInvestigation(dir: string, checklist: readonly ChecklistItem[], clock: () => number = Date.now): Investigation {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const snapshots: Snapshot[] = [];
  let lastLocation: { value: z.infer<typeof phoneLocation>; at: number } | null = null;
  const iso = (t: number) => new Date(t).toISOString();
  return {
    view: () => ({
      checklist: checklist.map((c) => ({ ...c, snapshots: snapshots.filter((s) => s.item === c.code).length })),
      snapshots: [...snapshots],
    }),
    located(location) {
      lastLocation = { value: location, at: clock() };
    },
    snapshot(item, jpeg) {
      if (!checklist.some((c) => c.code === item)) throw new InvestigationRefused('notOnChecklist', '该项目不在本产品的调查清单中 (not on the checklist)');
      if (jpeg.length < 100 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new InvestigationRefused('notJpeg', '截图须为 JPEG 图片 (a JPEG snapshot required)');
      if (snapshots.length >= MAX_SNAPSHOTS) throw new InvestigationRefused('tooMany', `每次调查最多 ${MAX_SNAPSHOTS} 张截图 (too many snapshots)`);
      const now = clock();
      const fresh = lastLocation && now - lastLocation.at <= LOCATION_FRESH_MS ? lastLocation : null;
      const snapshot: Snapshot = {
        n: snapshots.length + 1, item, at: iso(now),
        location: fresh ? { ...fresh.value, at: iso(fresh.at) } : null,
        digest: `sha256:${createHash('sha256').update(new Uint8Array(jpeg)).digest('hex')}`, bytes: jpeg.length,
      };
      writeFileSync(join(dir, `${snapshot.n}.jpg`), new Uint8Array(jpeg), { mode: 0o600 });
      snapshots.push(snapshot);
      return snapshot;
    },
    file(n) {
      if (!snapshots.some((s) => s.n === n)) return null;
      return readFileSync(join(dir, `${n}.jpg`));
    },
  };
}

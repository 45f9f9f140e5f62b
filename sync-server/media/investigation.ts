import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signDoc, type SigningKey } from '../../trust/signature';
import {
  checklistCoverage, MAX_SNAPSHOTS, type ChecklistItem, type InvestigationStatement, type PhoneLocation, type Snapshot,
} from '../../domain/video/investigation-statement';

// 视频防伪调查 at head office: in an investigation room the customer manager asks the customer to show what the
// product's checklist names (premises, stock, livestock, the house…); each snapshot the desk takes of the customer's
// picture is kept here with head office's time and, when the phone gave it, the phone's location at that moment — so
// neither the time nor the place comes from the branch's machine.

export interface InvestigationView {
  checklist: (ChecklistItem & { snapshots: number })[];
  snapshots: Snapshot[];
}

/** A location older than this says where the phone was, not where the picture is. */
export const LOCATION_FRESH_MS = 2 * 60_000;

export class InvestigationRefused extends Error {
  constructor(readonly reason: 'notOnChecklist' | 'notJpeg' | 'tooMany', message: string) {
    super(message);
  }
}

export interface Investigation {
  view(): InvestigationView;
  located(location: PhoneLocation): void;
  snapshot(item: string, jpeg: Buffer): Snapshot;
  file(n: number): Buffer | null;
  /** The snapshots so far, signed by head office for the branch to keep with the pictures. */
  statement(key: SigningKey): InvestigationStatement;
}

export function openInvestigation(
  room: { dir: string; roomId: string; applicationId: string },
  checklist: readonly ChecklistItem[],
  clock: () => number = Date.now,
): Investigation {
  const { dir } = room;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const snapshots: Snapshot[] = [];
  let lastLocation: { value: PhoneLocation; at: number } | null = null;
  const iso = (t: number) => new Date(t).toISOString();
  return {
    view: () => ({
      checklist: checklistCoverage(checklist, snapshots),
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
    statement: (key) =>
      signDoc({
        type: 'video-investigation' as const, applicationId: room.applicationId, roomId: room.roomId,
        checklist: checklist.map(({ code, label }) => ({ code, label })), snapshots: [...snapshots], issuedAt: iso(clock()),
      }, key),
  };
}

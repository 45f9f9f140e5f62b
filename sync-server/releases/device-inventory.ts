import type { CouchClient } from '../identity/couch';
import { BRANCH_DB } from '../validation/policy';
import { CHANNELS, type Channel } from './channel';
import { VERSION } from './release-dir';
import { readChannel } from './release-store';

/** A device is silent when head office has heard nothing from it for longer than this. */
export const SILENT_AFTER_MS = 24 * 3_600_000;

export interface DeviceRow {
  branch: string;
  device: string;
  role: string;
  appVersion: string;
  channel: string | null;
  updateState: string;
  updateReason: string | null;
  lastSyncAt: string | null;
  reportedAt: string;
  os: string;
  /** The channel serves a newer version than the device runs. */
  outOfDate: boolean;
  failing: boolean;
  silent: boolean;
}

interface ReportDoc {
  branch: string;
  device: string;
  role: string;
  appVersion: string;
  channel: string | null;
  update: { state: string; reason: string | null };
  lastSyncAt: string | null;
  reportedAt: string;
  os: { platform: string; release: string; arch: string };
}

/** x.y.z[-pre] ordering as semver (a pre-release sorts before its release); unreadable versions are not "older". */
export function olderThan(a: string, b: string): boolean {
  if (!VERSION.test(a) || !VERSION.test(b)) return false;
  const parts = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map(Number), pre: pre ?? null };
  };
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! < y.nums[i]!;
  if (x.pre === y.pre) return false;
  if (x.pre === null) return false;
  if (y.pre === null) return true;
  return x.pre < y.pre;
}

/**
 * IT's device list: every device's own report (`device-report:*` in each branch database, synced by the device),
 * read over CouchDB HTTP, with what needs attention — behind its channel's current version, a failed update, or
 * nothing heard for more than a day. Needs a reader that is a member of the branch databases (a server admin, or
 * head office's `head-office` role).
 */
export async function deviceInventory(couch: CouchClient, now: Date, branches?: string[]): Promise<DeviceRow[]> {
  const current = new Map<string, string | null>();
  for (const c of CHANNELS) current.set(c, (await readChannel(couch, c as Channel)).version);
  const dbs = (await couch.allDbs()).filter((db) => BRANCH_DB.test(db) && (!branches || branches.includes(db.slice('branch-'.length).toUpperCase())));
  const rows: DeviceRow[] = [];
  for (const db of dbs) {
    for (const doc of await couch.prefixed<ReportDoc>(db, 'device-report:')) {
      const served = doc.channel ? (current.get(doc.channel) ?? null) : null;
      const heard = Date.parse(doc.lastSyncAt ?? doc.reportedAt);
      rows.push({
        branch: doc.branch,
        device: doc.device,
        role: doc.role,
        appVersion: doc.appVersion,
        channel: doc.channel,
        updateState: doc.update.state,
        updateReason: doc.update.reason,
        lastSyncAt: doc.lastSyncAt,
        reportedAt: doc.reportedAt,
        os: `${doc.os.platform} ${doc.os.release} ${doc.os.arch}`.trim(),
        outOfDate: served !== null && olderThan(doc.appVersion, served),
        failing: doc.update.state === 'failed',
        silent: !(now.getTime() - heard <= SILENT_AFTER_MS),
      });
    }
  }
  return rows.sort((a, b) => a.branch.localeCompare(b.branch) || a.device.localeCompare(b.device));
}

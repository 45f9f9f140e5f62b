import type { CouchClient } from '../identity/couch';
import { BRANCH_DB } from '../validation/policy';
import { CHANNELS, type Channel } from './channel';
import { deviceAttention } from '../../domain/devices/device-status';
import { readChannel } from './release-store';


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
        ...deviceAttention({ appVersion: doc.appVersion, updateState: doc.update.state, lastSyncAt: doc.lastSyncAt, reportedAt: doc.reportedAt }, served, now),
      });
    }
  }
  return rows.sort((a, b) => a.branch.localeCompare(b.branch) || a.device.localeCompare(b.device));
}

import type { CouchClient } from '../identity/couch';
import { BRANCH_DB } from '../validation/policy';
import { CHANNELS, type Channel } from './channel';
import { deviceRow, type DeviceReportFields, type DeviceRowBase } from '../../domain/devices/device-status';
import { readChannel } from './release-store';

/** One device of one branch in head office's list; `outOfDate` = behind what its channel serves now. */
export interface DeviceRow extends DeviceRowBase {
  branch: string;
}

type ReportDoc = DeviceReportFields & { branch: string };

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
      rows.push({ branch: doc.branch, ...deviceRow(doc, served, now) });
    }
  }
  return rows.sort((a, b) => a.branch.localeCompare(b.branch) || a.device.localeCompare(b.device));
}

import { staffDocId, validForBranch, type StaffRecord } from '../../../domain/staff/staff-record';
import { verifyDoc } from '../../../trust/signature';
import type { ServiceDeps } from '../service-deps';

export type LoadedStaff =
  | { status: 'trusted'; record: StaffRecord }
  /** A document exists but no version of it carries a valid head-office signature for this branch. */
  | { status: 'untrusted' }
  | { status: 'missing' };

export type TrustedStaffDeps = Pick<ServiceDeps, 'pouch' | 'branch' | 'trust'>;

type StaffDocShape = StaffRecord & { _rev: string; sig?: unknown };

function isTrusted(doc: unknown, deps: TrustedStaffDeps): doc is StaffDocShape {
  if (!deps.trust || !verifyDoc(doc, deps.trust)) return false;
  const d = doc as StaffDocShape;
  return d.type === 'staff' && typeof d.version === 'number' && Array.isArray(d.roles) && validForBranch(d, deps.branch);
}

/**
 * The staff member as head office last signed them. Replication can leave several versions of a record side by
 * side (conflicts); the winner by CouchDB's rule need not be a signed one, so every leaf is checked and the
 * highest signed version wins. Signature checks are cached per revision: a login re-reads the record each time.
 */
export function trustedStaffReader(deps: TrustedStaffDeps) {
  const verdicts = new Map<string, boolean>();
  const trusted = (doc: StaffDocShape) => {
    const key = `${doc._id}@${doc._rev}`;
    let v = verdicts.get(key);
    if (v === undefined) {
      v = isTrusted(doc, deps);
      if (verdicts.size > 5000) verdicts.clear();
      verdicts.set(key, v);
    }
    return v;
  };

  async function getLeaf(id: string, rev?: string): Promise<StaffDocShape | null> {
    try {
      return (await deps.pouch.get(id, rev ? { rev } : { conflicts: true })) as unknown as StaffDocShape;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  async function load(staffNo: string): Promise<LoadedStaff> {
    const id = staffDocId(staffNo);
    const winner = (await getLeaf(id)) as (StaffDocShape & { _conflicts?: string[] }) | null;
    if (!winner) return { status: 'missing' };
    const leaves: StaffDocShape[] = [winner];
    for (const rev of winner._conflicts ?? []) {
      const leaf = await getLeaf(id, rev);
      if (leaf) leaves.push(leaf);
    }
    const best = leaves.filter(trusted).sort((a, b) => b.version - a.version)[0];
    if (!best) return { status: 'untrusted' };
    const { _rev: _r, sig: _s, _conflicts: _c, ...record } = best as StaffDocShape & { _conflicts?: string[] };
    return { status: 'trusted', record: record as StaffRecord };
  }

  /** Every staff record of the branch: the trusted ones, and the staff numbers whose documents fail the check. */
  async function list(): Promise<{ trusted: StaffRecord[]; untrusted: string[] }> {
    const res = await deps.pouch.allDocs({ startkey: 'staff:', endkey: 'staff:\uffff' });
    const out = { trusted: [] as StaffRecord[], untrusted: [] as string[] };
    for (const row of res.rows) {
      const staffNo = row.id.slice('staff:'.length);
      const loaded = await load(staffNo);
      if (loaded.status === 'trusted') out.trusted.push(loaded.record);
      else if (loaded.status === 'untrusted') out.untrusted.push(staffNo);
    }
    return out;
  }

  return { load, list };
}
export type TrustedStaffReader = ReturnType<typeof trustedStaffReader>;

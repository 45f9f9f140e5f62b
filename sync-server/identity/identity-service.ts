import type { StaffRecord } from '../../domain/staff/staff-record';
import { signerOf, trustRootOf, type HeadOfficeKeys } from '../../trust/head-office-keys';
import { signDoc, verifyDoc } from '../../trust/signature';
import { signStaff } from '../../trust/staff-issue';
import { BRANCH_DB } from '../validation/policy';
import { staffRequestDoc } from '../validation/types/staff';
import { followBranchChanges } from '../branch-changes';
import { couchClient, type CouchTarget } from './couch';
import { decide, type Outcome, type StaffRequestDoc } from './decide';
import { proofGuard } from './proof-guard';

export interface IdentityServiceOptions {
  /** Our server or Apache CouchDB, as a `staff-signer` user (or a server admin, which may list the databases). */
  target: CouchTarget;
  keys: HeadOfficeKeys;
  /** Branch codes to serve; without them every `branch-*` database `_all_dbs` lists (needs a server admin). */
  branches?: string[];
  intervalMs?: number;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface IdentityService {
  /** One pass over every branch; resolves with the number of requests decided. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Head office's identity service: reads staff requests from every branch database, checks the sealed proofs and
 * the grant rules, and writes the signed staff record and its signed decision, which replicate down to the
 * branch's devices. It is a plain CouchDB HTTP client, so it runs beside `jingwei server` or an Apache CouchDB
 * cluster alike (`jingwei identity serve`).
 */
export function startIdentityService(opts: IdentityServiceOptions): IdentityService {
  const couch = couchClient(opts.target);
  const trust = trustRootOf(opts.keys);
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => {});
  const guard = proofGuard(clock);

  async function databases(): Promise<string[]> {
    if (opts.branches) return opts.branches.map((b) => `branch-${b.toLowerCase()}`);
    return (await couch.allDbs()).filter((db) => BRANCH_DB.test(db));
  }

  /** Head office believes only its own signature, even on what it reads back from its own server. */
  async function records(db: string, request: StaffRequestDoc): Promise<Map<string, StaffRecord & { _rev: string }>> {
    const ids = [request.requestedBy, request.staffNo, ...request.proofs.map((p) => p.staffNo)].map((n) => `staff:${n}`);
    const docs = await couch.getMany<StaffRecord & { _rev: string; sig?: unknown }>(db, [...new Set(ids)]);
    const out = new Map<string, StaffRecord & { _rev: string }>();
    for (const [id, doc] of docs) {
      if (!verifyDoc(doc, trust)) {
        log('warn', `${db} ${id}: no valid head-office signature; treated as absent`);
        continue;
      }
      const { sig: _s, ...record } = doc;
      out.set(record.staffNo, record);
    }
    return out;
  }

  async function writeDecision(db: string, request: StaffRequestDoc, outcome: Exclude<Outcome, { kind: 'pending' }>, version: number | null): Promise<void> {
    const decision = {
      _id: `staff-decision:${request._id.slice('staff-request:'.length)}`, type: 'staff-decision', request: request._id, branch: request.branch,
      staffNo: request.staffNo, outcome: outcome.kind === 'apply' ? 'done' : 'refused', reasonKey: outcome.kind === 'refused' ? outcome.key : null,
      reasonParams: outcome.kind === 'refused' ? (outcome.params ?? {}) : {}, version, decidedAt: clock().toISOString(),
    };
    await couch.put(db, signDoc(decision, signerOf(opts.keys)));
    log('info', `${db} ${request._id} ${request.kind} ${request.staffNo}: ${decision.outcome}${decision.reasonKey ? ` (${decision.reasonKey})` : ''}`);
  }

  /** Decides one request; false when it waits for a second person or already has its decision. */
  async function handle(db: string, raw: unknown): Promise<boolean> {
    const parsed = staffRequestDoc.safeParse(raw);
    if (!parsed.success) {
      log('warn', `${db}: malformed staff request ${String((raw as { _id?: unknown })._id)} ignored`);
      return false;
    }
    const request = parsed.data as StaffRequestDoc;
    if (await couch.get(db, `staff-decision:${request._id.slice('staff-request:'.length)}`)) return false;
    const current = await records(db, request);
    const branch = BRANCH_DB.exec(db)![1]!.toUpperCase();
    const outcome = await decide({ request, branch, keys: opts.keys, now: clock(), record: (n) => current.get(n) ?? null, guard });
    if (outcome.kind === 'pending') return false;
    let version: number | null = null;
    if (outcome.kind === 'apply') {
      const existing = current.get(request.staffNo);
      if (existing?.request !== request._id) {
        const signed = signStaff({ ...outcome.record }, signerOf(opts.keys));
        const raw = await couch.get<{ _rev: string }>(db, signed._id);
        await couch.put(db, { ...signed, ...(raw ? { _rev: raw._rev } : {}) });
      }
      version = outcome.record.version;
    }
    await writeDecision(db, request, outcome, version);
    return true;
  }

  return followBranchChanges({ couch, databases, selector: { type: 'staff-request' }, handle: async (db, doc) => ((await handle(db, doc)) ? 1 : 0), intervalMs: opts.intervalMs, log });
}

import { listConflicts } from '../../../db/projection';
import { checkCustomer, type CustomerFields } from '../../../domain/customers/customer';
import { apiError } from '../api/dispatch';
import { toFieldErrors } from '../customers/customers.service';
import type { ConflictRevision, ConflictView } from './sync.contract';
import type { ServiceDeps } from '../service-deps';

type Doc = Record<string, unknown> & { _id: string; _rev: string; _deleted?: boolean; _conflicts?: string[] };

/** Who last touched a revision; shown beside it but not offered for merging (the resolution sets them anew). */
const STAMP_FIELDS = new Set(['updatedAt', 'updatedBy']);

function fieldsOf(doc: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && k !== 'type' && !STAMP_FIELDS.has(k)) out[k] = v;
  return out;
}

function revisionView(doc: Doc): ConflictRevision {
  return {
    rev: doc._rev,
    deleted: !!doc._deleted,
    updatedAt: typeof doc.updatedAt === 'string' ? doc.updatedAt : null,
    updatedBy: typeof doc.updatedBy === 'string' ? doc.updatedBy : null,
    fields: fieldsOf(doc),
  };
}

async function loadRevisions(pouch: PouchDB.Database<object>, id: string): Promise<{ winner: Doc; losers: Doc[] }> {
  const winner = (await pouch.get(id, { conflicts: true })) as unknown as Doc;
  const losers = await Promise.all((winner._conflicts ?? []).map(async (rev) => (await pouch.get(id, { rev })) as unknown as Doc));
  return { winner, losers };
}

function view(winner: Doc, losers: Doc[]): ConflictView {
  const all = [winner, ...losers].map(fieldsOf);
  const names = [...new Set(all.flatMap((f) => Object.keys(f)))];
  const differing = names.filter((n) => new Set(all.map((f) => JSON.stringify(f[n] ?? null))).size > 1);
  const { _conflicts: _c, ...w } = winner;
  return { id: winner._id, type: typeof winner.type === 'string' ? winner.type : '', winner: revisionView(w as Doc), losers: losers.map(revisionView), differing };
}

export async function listConflictViews(pouch: PouchDB.Database<object>): Promise<ConflictView[]> {
  const out: ConflictView[] = [];
  for (const id of listConflicts(pouch)) {
    const { winner, losers } = await loadRevisions(pouch, id);
    out.push(view(winner, losers));
  }
  return out;
}

export type ResolveChoice = { kind: 'pick'; rev: string } | { kind: 'merge'; fields: Record<string, string> };

export type ResolveDeps = Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events'>;

/**
 * Writes the chosen or merged content as the next revision of the winner and deletes every losing revision, in
 * one bulkDocs together with the audit entry. Replicating that write clears the conflict on every device.
 */
export async function resolveConflict(
  deps: ResolveDeps,
  input: { id: string; revs: string[]; choice: ResolveChoice },
  actor: { staffNo: string; name: string },
  now: Date,
): Promise<{ id: string; rev: string }> {
  return deps.writes.run(async () => {
    let winner: Doc;
    let losers: Doc[];
    try {
      ({ winner, losers } = await loadRevisions(deps.pouch, input.id));
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: input.id });
      throw e;
    }
    const current = [winner._rev, ...losers.map((l) => l._rev)];
    // The branch head decided on what they saw; if a sync brought another revision meanwhile, they must look again.
    if (!losers.length || current.length !== input.revs.length || current.some((r) => !input.revs.includes(r))) {
      throw apiError('CONFLICT', 'conflict.stale');
    }
    const byRev = new Map([winner, ...losers].map((d) => [d._rev, fieldsOf(d)]));
    const merged: Record<string, unknown> = {};
    const sources: Record<string, string> = {};
    if (input.choice.kind === 'pick') {
      const picked = byRev.get(input.choice.rev);
      if (!picked) throw apiError('BAD_REQUEST', 'conflict.unknownRev', { rev: input.choice.rev });
      Object.assign(merged, picked);
    } else {
      const fields = input.choice.fields;
      const names = new Set([...byRev.values()].flatMap((f) => Object.keys(f)));
      for (const [field, rev] of Object.entries(fields)) {
        if (!names.has(field)) throw apiError('BAD_REQUEST', 'conflict.unknownField', { field });
        if (!byRev.has(rev)) throw apiError('BAD_REQUEST', 'conflict.unknownRev', { rev });
      }
      for (const field of names) {
        const rev = fields[field] ?? winner._rev;
        const value = byRev.get(rev)![field];
        if (value !== undefined) merged[field] = value;
        sources[field] = rev;
      }
    }
    if (winner.type === 'customer') {
      const errors = checkCustomer(merged as unknown as CustomerFields, now).filter((i) => i.severity === 'error');
      if (errors.length) {
        throw apiError('VALIDATION', 'error.VALIDATION', { count: errors.length }, { fields: toFieldErrors(errors, (merged as unknown as CustomerFields).kind) });
      }
    }
    const winnerFields = byRev.get(winner._rev)!;
    const changed = Object.keys({ ...winnerFields, ...merged }).filter((k) => JSON.stringify(winnerFields[k]) !== JSON.stringify(merged[k]));
    const next: Record<string, unknown> = { _id: winner._id, _rev: winner._rev, type: winner.type, ...merged };
    if ('updatedAt' in winner) next.updatedAt = now.toISOString();
    if ('updatedBy' in winner) next.updatedBy = actor.staffNo;
    if (winner._attachments) next._attachments = winner._attachments;
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'conflict.resolve', entity: winner._id, at: now.toISOString(),
      before: { winner: winner._rev, losers: losers.map((l) => l._rev), ...Object.fromEntries(changed.map((k) => [k, winnerFields[k] ?? null])) },
      after: {
        choice: input.choice.kind === 'pick' ? `pick ${input.choice.rev}` : 'merge',
        ...(input.choice.kind === 'merge' ? { sources } : {}),
        ...Object.fromEntries(changed.map((k) => [k, merged[k] ?? null])),
      },
    });
    const docs = [next, ...losers.map((l) => ({ _id: l._id, _rev: l._rev, _deleted: true })), entry];
    const res = await deps.pouch.bulkDocs(docs as PouchDB.Core.PutDocument<object>[]);
    const failed = res.find((r) => 'error' in r && r.error);
    if (failed) throw apiError('CONFLICT', 'conflict.stale');
    deps.audit.commit(entry);
    const rev = (res[0] as { rev: string }).rev;
    if (winner.type === 'customer') deps.events.emit('customer.changed', { id: winner._id, rev });
    return { id: winner._id, rev };
  });
}

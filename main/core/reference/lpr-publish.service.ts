import { lprTableSchema } from '../../../domain/credit/lpr';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import { lprDocId, type LprDoc } from '../credit/reference-store';
import { auditPublication } from './reference-audit';
import type { LprView, referenceContract } from './reference.contract';
import type { ServiceDeps } from '../service-deps';

export type LprPublishDeps = Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'reference'>;

const view = (d: LprDoc): LprView => ({
  version: d.version, fixings: d.table, publishedAt: d.publishedAt, publishedBy: d.publishedBy, publishedByName: d.publishedByName ?? null, notes: d.notes ?? null,
});

/**
 * Head office adds the month's LPR fixing: the whole table is published again as the next version (`lpr:<v+1>`),
 * so a decision names one version and replays against it. The publisher names the version the fixing was added
 * to: one typed against an older table is refused rather than silently published over a colleague's.
 */
export function lprPublishHandlers(deps: LprPublishDeps): Handlers<Pick<typeof referenceContract, 'reference.lpr' | 'reference.publishLpr'>> {
  const ref = deps.reference;
  return {
    'reference.lpr': async () => view(await ref.latestLpr()),

    'reference.publishLpr': async ({ baseVersion, fixing, notes }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const current = await ref.latestLpr();
        if (current.version !== baseVersion) throw apiError('CONFLICT', 'reference.lprChanged');
        const last = current.table[current.table.length - 1]!;
        if (fixing.date <= last.date) throw apiError('VALIDATION', 'reference.lprNotAfter', { date: last.date });
        const version = current.version + 1;
        const at = ctx.now.toISOString();
        const doc: LprDoc = {
          _id: lprDocId(version), type: 'lpr-table', version, table: lprTableSchema.parse([...current.table, fixing]), publishedAt: at,
          publishedBy: actor.staffNo, publishedByName: actor.name, notes,
        };
        // No revision: if another publisher wrote this version first, the put conflicts and nothing is written.
        try {
          await ref.pouch.put(doc);
        } catch (e) {
          if ((e as { status?: number }).status === 409) throw apiError('CONFLICT', 'reference.lprChanged');
          throw e;
        }
        await auditPublication(deps, { actor: actor.staffNo, actorName: actor.name, action: 'reference.publishLpr', entity: doc._id, at, before: { version: current.version }, after: { version, ...fixing, notes } });
        deps.events.emit('reference.lprPublished', { version });
        return view(doc);
      });
    },
  };
}

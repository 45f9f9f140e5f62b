import { partnerStatementContent, partnerStatementDocId } from '../../../domain/value/partners';
import { verifyDoc } from '../../../trust/signature';
import type { TrustRoot } from '../../../trust/trust-root';
import type { Handlers } from '../api/handlers';
import type { partnersContract } from './partners.contract';

export interface PartnersDeps {
  pouch: PouchDB.Database<object>;
  trust: TrustRoot | null;
  branch: string;
}

/**
 * Reads head office's `partner-statement` documents of this branch. Only a statement head office signed for this
 * branch is shown: one written into the local store by anything else is as if absent (and pays nobody anyway —
 * payouts come from head office's own payout file).
 */
export function partnersHandlers(deps: PartnersDeps): Handlers<typeof partnersContract> {
  const prefix = partnerStatementDocId(deps.branch, '');
  return {
    'value.partners': async ({ month }) => {
      const all = await deps.pouch.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
      const trusted = all.rows.flatMap((r) => {
        const parsed = partnerStatementContent.safeParse(r.doc);
        return parsed.success && parsed.data.branch === deps.branch && deps.trust && verifyDoc(r.doc, deps.trust) ? [parsed.data] : [];
      });
      const months = trusted.map((d) => d.month).sort().reverse();
      const doc = trusted.find((d) => d.month === (month ?? months[0]));
      if (!doc) return null;
      return {
        month: doc.month, rulesVersion: doc.rulesVersion, partners: doc.partners, effectivePartners: doc.effectivePartners, totalFen: doc.totalFen, months,
        lines: doc.lines.map((l, i) => ({ rank: i + 1, ...l })),
      };
    },
  };
}

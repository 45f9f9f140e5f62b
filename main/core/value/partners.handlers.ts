import { randomBytes } from 'node:crypto';
import { branchDay, formatDate } from '../../../domain/time/branch-time';
import {
  makePartnerCode, partnerDocId, partnerDocSchema, partnerQrText, partnerStatementContent, partnerStatementDocId, type PartnerDoc, type PartnerStatementDoc,
} from '../../../domain/value/partners';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import { signedDocs } from '../village/signed-docs';
import { partnerByPhone, partnerCodeTaken, partnerReferrals } from './partners.projection';
import type { EnrolledPartnerView, partnersContract, ReferralView } from './partners.contract';
import type { ServiceDeps } from '../service-deps';

/** `sql`: the partner index (partners.projection.ts) answers enrolment's lookups. */
export interface PartnersDeps extends Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'branch' | 'timeZone' | 'trust' | 'verdictKey'> {
  /** Six random bytes for a new code (crypto; a test may fix them to force a collision). */
  random?: () => Uint8Array;
}

type StoredPartner = PartnerDoc & { _rev: string };

/**
 * 精微易享 at the branch. The ranking reads head office's `partner-statement` documents of this branch: only a
 * statement head office signed for this branch is shown; one written into the local store by anything else is as if
 * absent (and pays nobody anyway — payouts come from head office's own payout file). Enrolment writes a `partner`
 * document with a new code of this branch (head office's server refuses another branch's code) and its audit entry
 * in one write; the list joins each partner with the applications its code brought in this store.
 */
export function partnersHandlers(deps: PartnersDeps): Handlers<typeof partnersContract> {
  const prefix = partnerStatementDocId(deps.branch, '');
  const random = deps.random ?? (() => new Uint8Array(randomBytes(6)));

  // Each statement is checked once per revision (schema, signature, this branch) and the verdict remembered across
  // restarts: a statement of 5,882 lines took ~100 ms of parsing and signature checking on every call.
  const statements = signedDocs<PartnerStatementDoc>(deps, prefix, partnerStatementContent);
  const trustedStatements = async (): Promise<PartnerStatementDoc[]> => (await statements()).docs;

  /** This branch's enrolled partners (a stored document that does not parse, or names another branch, is left out). */
  async function enrolled(): Promise<StoredPartner[]> {
    const all = await deps.pouch.allDocs({ startkey: 'partner:', endkey: 'partner:\ufff0', include_docs: true });
    return all.rows.flatMap((r) => {
      const parsed = partnerDocSchema.safeParse(r.doc);
      return parsed.success && parsed.data.branch === deps.branch ? [parsed.data as StoredPartner] : [];
    });
  }

  function referralsByCode(): Map<string, ReferralView[]> {
    const out = new Map<string, ReferralView[]>();
    for (const a of partnerReferrals(deps.sql)) {
      const list = out.get(a.code) ?? [];
      list.push({ applicationId: a.appId, customerName: a.customerName, createdOn: formatDate(a.createdAt, deps.timeZone), amountFen: a.amountFen, state: a.state });
      out.set(a.code, list);
    }
    for (const list of out.values()) list.sort((x, y) => y.createdOn.localeCompare(x.createdOn) || x.applicationId.localeCompare(y.applicationId));
    return out;
  }

  function viewOf(p: PartnerDoc, referrals: ReferralView[], statement: PartnerStatementDoc | undefined): EnrolledPartnerView {
    const line = statement?.lines.find((l) => l.code === p.code);
    return {
      code: p.code, qrText: partnerQrText(p.code), name: p.name, kind: p.kind, phone: p.phone, place: p.place, enrolledOn: p.enrolledOn,
      enrolledByName: p.enrolledByName, referrals,
      commission: line && statement
        ? { month: statement.month, applications: line.applications, submitted: line.submitted, loans: line.loans, loanPrincipalFen: line.loanPrincipalFen, commissionFen: line.commissionFen, effective: line.effective }
        : null,
    };
  }

  const newest = (statements: PartnerStatementDoc[]) => [...statements].sort((a, b) => b.month.localeCompare(a.month))[0];

  return {
    'value.partners': async ({ month }) => {
      const trusted = await trustedStatements();
      const months = trusted.map((d) => d.month).sort().reverse();
      const doc = trusted.find((d) => d.month === (month ?? months[0]));
      if (!doc) return null;
      return {
        month: doc.month, rulesVersion: doc.rulesVersion, partners: doc.partners, effectivePartners: doc.effectivePartners, totalFen: doc.totalFen, months,
        lines: doc.lines.map((l, i) => ({ rank: i + 1, ...l })),
      };
    },

    'value.enrolledPartners': async () => {
      const [partners, statement] = await Promise.all([enrolled(), trustedStatements().then(newest)]);
      const referrals = referralsByCode();
      partners.sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt) || a.code.localeCompare(b.code));
      return { partners: partners.map((p) => viewOf(p, referrals.get(p.code) ?? [], statement)), statementMonth: statement?.month ?? null };
    },

    'value.enrolPartner': async (args, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const same = partnerByPhone(deps.sql, deps.branch, args.partnerPhone);
        if (same) {
          const params = { phone: args.partnerPhone, name: same.name, code: same.code };
          throw apiError('CONFLICT', 'value.enrol.phoneTaken', params, { fields: [{ path: 'partnerPhone', key: 'value.enrol.phoneTaken', params, message: translate('value.enrol.phoneTaken', params) }] });
        }
        let code = '';
        // 31^6 codes per branch: a collision just draws again.
        for (let i = 0; i < 10 && (!code || partnerCodeTaken(deps.sql, code)); i++) code = makePartnerCode(deps.branch, random());
        if (partnerCodeTaken(deps.sql, code)) throw apiError('CONFLICT', 'value.enrol.noCode');
        const at = ctx.now.toISOString();
        const doc: PartnerDoc = {
          _id: partnerDocId(code), type: 'partner', branch: deps.branch, code, name: args.partnerName, kind: args.partnerKind, phone: args.partnerPhone,
          place: args.partnerPlace, enrolledOn: branchDay(ctx.now, deps.timeZone), enrolledAt: at, enrolledBy: actor.staffNo, enrolledByName: actor.name,
        };
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: 'value.enrolPartner', entity: doc._id, at, before: null,
          after: { code, name: doc.name, kind: doc.kind, phone: doc.phone, place: doc.place },
        });
        const res = await deps.pouch.bulkDocs([doc, entry]);
        if (res.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
        return viewOf(doc, [], undefined);
      });
    },
  };
}

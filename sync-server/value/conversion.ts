import { z } from 'zod';
import type { Database } from '../../db/sqlite';
import { conversionLines, type ConversionLine } from '../../domain/value/conversion';
import { offerResponseFields } from '../../domain/value/customer-value-doc';
import type { SegmentRules } from '../../domain/value/segment-rules';
import { conversionFunnel, type OfferAnswerAt } from '../../domain/value/value-dashboard';
import type { ValueRules } from '../../domain/value/value-rules';
import { couchClient, type CouchTarget } from '../identity/couch';
import { branchDbName } from '../validation/db-names';
import { productOpenings } from './openings';
import { customerFacts, segmentCustomers } from './segments';

const answer = z.looseObject(offerResponseFields);

/**
 * 精准营销 conversion of each branch, read at head office: the offers its rules make the branch's customers as of
 * `date`, against the `offer-response` documents the branch synced up and the products those customers opened
 * afterwards (accounts and disbursed loans in the branch's database, read over the CouchDB HTTP API, and core
 * banking's loan feed in the ledger) — counted to "product opened" by the same funnel as 精微看板 and /value. A
 * document that does not have the synced type's shape is not counted (the server refused such writes anyway).
 */
export async function branchConversion(
  db: Database,
  opts: { target: CouchTarget; date: string; rules: ValueRules; segments: SegmentRules; branches: string[] },
): Promise<{ branch: string; answers: number; lines: ConversionLine[] }[]> {
  const couch = couchClient(opts.target);
  const { customers } = segmentCustomers({ ...customerFacts(db, opts.date, opts.rules), asOf: opts.date, rules: opts.segments });
  const opens = new Map(opts.segments.offers.map((o) => [o.code, o.opens ?? null]));
  const out = [];
  for (const branch of opts.branches) {
    const counts = new Map<string, { segment: string; offer: string; customers: number }>();
    for (const c of customers) {
      if (c.branch !== branch || !c.offer) continue;
      const k = `${c.offer.segment}/${c.offer.code}`;
      const e = counts.get(k) ?? { segment: c.offer.segment, offer: c.offer.code, customers: 0 };
      e.customers++;
      counts.set(k, e);
    }
    const dbName = branchDbName(branch);
    const answers: OfferAnswerAt[] = [];
    for (const doc of await couch.prefixed<unknown>(dbName, 'offer-response:')) {
      const a = answer.safeParse(doc);
      if (a.success && a.data.branch === branch) answers.push(a.data);
    }
    // Openings matter only for customers who accepted an offer: nothing to read when nobody did.
    const accepted = answers.some((a) => a.response === 'accepted');
    const docs = accepted
      ? (await Promise.all(['account:', 'loanapp:', 'customer:'].map((p) => couch.prefixed<unknown>(dbName, p)))).flat().map((doc) => ({ branch, doc }))
      : [];
    const funnel = conversionFunnel({ answers, openings: productOpenings(docs, db).get(branch) ?? [], productOf: (o) => opens.get(o) ?? null, asOf: opts.date });
    out.push({ branch, answers: answers.length, lines: conversionLines([...counts.values()], funnel) });
  }
  return out;
}

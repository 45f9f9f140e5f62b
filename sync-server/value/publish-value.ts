import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/sqlite';
import { vipListId } from '../../domain/value/customer-value-doc';
import { pointsSummaryDoc } from '../../domain/value/points-summary';
import type { SegmentRules } from '../../domain/value/segment-rules';
import { customerValueDocId, type ValueRules } from '../../domain/value/value-rules';
import { VIP_DIGEST_COST, vipDigest } from '../../trust/vip-digest';
import { signDoc, type SigningKey } from '../../trust/signature';
import { couchClient, type CouchTarget } from '../identity/couch';
import { writeChangedDocs, type Written } from '../feeds/publish';
import { branchDbName } from '../validation/db-names';
import { branchCustomerValues } from './customer-value';
import { pointsFlows } from './points-flows';
import { customerFacts, segmentCustomers } from './segments';

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Head office writes each branch's `customer-value` documents (tier, rights, points), signed with its key, over the
 * CouchDB HTTP API (`jingwei server` or Apache CouchDB) as a `feed-publisher` user; only changed ones are written.
 * A branch shows them and its kiosk decides VIP from them; it can neither write nor forge one (server policy +
 * signature checked on read). With them goes the branch's points summary: its customers' points issued, redeemed,
 * expired and returned per month up to `date` (the ledger stays at head office; the branch head's 精微看板 shows it).
 */
export async function publishCustomerValues(
  db: Database,
  opts: { target: CouchTarget; date: string; rules: ValueRules; segments: SegmentRules; signer: SigningKey; branches?: string[] },
): Promise<(Written & { branch: string; customers: number; vips: number; offers: number })[]> {
  const couch = couchClient(opts.target);
  const out = [];
  for (const { docs, offerOf: _offers, ...b } of customerValueDocs(db, opts)) out.push({ ...b, ...(await writeChangedDocs(db, couch, branchDbName(b.branch), docs)) });
  return out;
}

/**
 * What publishing writes to each branch, signed: a `customer-value` document per customer, the VIP list, the points
 * summary; and each customer's next best offer by ID number (the demo answers some of them at the branch).
 */
export function customerValueDocs(
  db: Database,
  opts: { date: string; rules: ValueRules; segments: SegmentRules; signer: SigningKey; branches?: string[] },
): { branch: string; customers: number; vips: number; offers: number; docs: { _id: string }[]; offerOf: Map<string, string> }[] {
  const branches = opts.branches ?? (db.prepare('SELECT DISTINCT branch FROM deposit_account ORDER BY branch').all() as { branch: string }[]).map((r) => r.branch);
  // Each customer's next best offer rides on their customer-value document: the desk shows it, the kiosk's ticket too.
  const segmented = segmentCustomers({ ...customerFacts(db, opts.date, opts.rules), asOf: opts.date, rules: opts.segments });
  const offers = new Map(segmented.customers.map((c) => [c.idNo, c.offer]));
  return branches.map((branch) => {
    const values = branchCustomerValues(db, branch, opts.date, opts.rules);
    const offerOf = new Map<string, string>();
    const docs: { _id: string }[] = values.map((v) => {
      const o = offers.get(v.idNo);
      if (o) offerOf.set(v.idNo, o.code);
      const offer = o ? { offer: { code: o.code, segment: o.segment, title: o.title, product: o.product, pitch: o.pitch, rulesVersion: opts.segments.version, ...(o.opens ? { opens: o.opens } : {}) } } : {};
      return signDoc({ _id: customerValueDocId(sha256Hex, v.idNo), type: 'customer-value', branch, tier: v.tier, rights: v.rights, points: v.points, rulesVersion: v.rulesVersion, ...offer }, opts.signer);
    });
    const vips = values.filter((v) => v.rights.includes('vip-queue')).map((v) => ({ idNo: v.idNo, offer: offers.get(v.idNo)?.code ?? null }));
    docs.push(signDoc(vipList(db, branch, vips, opts.rules.version, opts.segments), opts.signer));
    docs.push(signDoc(pointsSummaryDoc(branch, opts.date, pointsFlows(db, { branch, through: opts.date })), opts.signer));
    return { branch, customers: values.length, vips: vips.length, offers: offerOf.size, docs, offerOf };
  });
}

/**
 * The branch's VIP digests for its queue device, with the offer code of each VIP who has one and the offers' ticket
 * texts. The salt is made once per branch and kept, and each digest is computed once (scrypt is slow on purpose),
 * so the list document changes only when the set of VIPs or their offers do.
 */
function vipList(db: Database, branch: string, vips: { idNo: string; offer: string | null }[], rulesVersion: number, segments: SegmentRules) {
  db.exec(`CREATE TABLE IF NOT EXISTS vip_salt (branch TEXT PRIMARY KEY, salt TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS vip_digest (branch TEXT NOT NULL, id_no TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (branch, id_no)) WITHOUT ROWID;`);
  db.prepare('INSERT OR IGNORE INTO vip_salt (branch, salt) VALUES (?, ?)').run(branch, randomBytes(16).toString('base64'));
  const { salt } = db.prepare('SELECT salt FROM vip_salt WHERE branch = ?').get(branch) as { salt: string };
  const known = db.prepare('SELECT digest FROM vip_digest WHERE branch = ? AND id_no = ?');
  const remember = db.prepare('INSERT INTO vip_digest (branch, id_no, digest) VALUES (?, ?, ?)');
  const offerOf: Record<string, string> = {};
  const digests = vips.map(({ idNo, offer }) => {
    const hit = known.get(branch, idNo) as { digest: string } | undefined;
    const digest = hit?.digest ?? vipDigest(idNo, salt);
    if (!hit) remember.run(branch, idNo, digest);
    if (offer) offerOf[digest] = offer;
    return digest;
  });
  digests.sort();
  const sortedOfferOf = Object.fromEntries(digests.filter((d) => offerOf[d]).map((d) => [d, offerOf[d]!]));
  const used = new Set(Object.values(offerOf));
  const offers = segments.offers.filter((o) => used.has(o.code)).map((o) => ({ code: o.code, title: o.title, pitch: o.pitch }));
  return { _id: vipListId(branch), type: 'vip-list', branch, salt, cost: { ...VIP_DIGEST_COST }, digests, rulesVersion, offers, offerOf: sortedOfferOf };
}

import { randomBytes } from 'node:crypto';
import { vipListContent, vipListId } from '../../../domain/value/customer-value-doc';
import { verifyDoc } from '../../../trust/signature';
import { vipDigest } from '../../../trust/vip-digest';
import { NOT_RECOGNISED, type TicketOffer, type VerifiedVip } from '../queue/vip';
import type { ServiceDeps } from '../service-deps';

interface LoadedList {
  rev: string;
  salt: string;
  cost: { N: number; r: number; p: number };
  digests: Set<string>;
  offerOf: Map<string, TicketOffer>;
}

/**
 * Verified VIP at the kiosk (the queue service's one hook, queue/vip.ts): the ID number typed or read at the kiosk
 * is VIP when its slow digest is in the list head office signed for this branch (trust/vip-digest.ts says why that
 * shape); the list also names the offer the VIP's ticket shows. Every ID entered costs one digest whether or not it is listed, and whether or not a list has arrived.
 */
export function verifiedVipFromList(deps: Pick<ServiceDeps, 'pouch' | 'branch' | 'trust'>): VerifiedVip {
  let loaded: LoadedList | null = null;
  // Without a list the kiosk still pays one digest per ID, under a salt nobody has.
  const noList = { salt: randomBytes(16).toString('base64'), cost: { N: 1 << 13, r: 8, p: 1 } };

  async function list(): Promise<LoadedList | null> {
    let doc: PouchDB.Core.ExistingDocument<object>;
    try {
      doc = await deps.pouch.get(vipListId(deps.branch));
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
    if (loaded?.rev === doc._rev) return loaded;
    const parsed = vipListContent.safeParse(doc);
    // Anything not signed by head office for this branch is no list at all: nobody becomes VIP by editing the store.
    if (!parsed.success || !deps.trust || !verifyDoc(doc, deps.trust) || parsed.data.branch !== deps.branch) return null;
    const offers = new Map((parsed.data.offers ?? []).map((o) => [o.code, o]));
    const offerOf = new Map<string, TicketOffer>();
    for (const [digest, code] of Object.entries(parsed.data.offerOf ?? {})) {
      const o = offers.get(code);
      if (o) offerOf.set(digest, { code: o.code, title: o.title, pitch: o.pitch });
    }
    loaded = { rev: doc._rev, salt: parsed.data.salt, cost: parsed.data.cost, digests: new Set(parsed.data.digests), offerOf };
    return loaded;
  }

  return async ({ idNumber }) => {
    if (!idNumber) return NOT_RECOGNISED;
    const l = await list();
    const digest = vipDigest(idNumber, (l ?? noList).salt, (l ?? noList).cost);
    if (l === null || !l.digests.has(digest)) return NOT_RECOGNISED;
    return { vip: true, offer: l.offerOf.get(digest) ?? null };
  };
}

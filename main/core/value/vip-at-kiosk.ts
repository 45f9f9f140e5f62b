import { randomBytes } from 'node:crypto';
import { vipListContent, vipListId } from '../../../domain/value/customer-value-doc';
import { verifyDoc } from '../../../trust/signature';
import type { TrustRoot } from '../../../trust/trust-root';
import { vipDigest } from '../../../trust/vip-digest';
import type { VerifiedVip } from '../queue/vip';

interface LoadedList {
  rev: string;
  salt: string;
  cost: { N: number; r: number; p: number };
  digests: Set<string>;
}

/**
 * Verified VIP at the kiosk (the queue service's one hook, queue/vip.ts): the ID number typed or read at the kiosk
 * is VIP when its slow digest is in the list head office signed for this branch (trust/vip-digest.ts says why that
 * shape). Every ID entered costs one digest whether or not it is listed, and whether or not a list has arrived.
 */
export function verifiedVipFromList(deps: { pouch: PouchDB.Database<object>; trust: TrustRoot | null; branch: string }): VerifiedVip {
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
    loaded = { rev: doc._rev, salt: parsed.data.salt, cost: parsed.data.cost, digests: new Set(parsed.data.digests) };
    return loaded;
  }

  return async ({ idNumber }) => {
    if (!idNumber) return false;
    const l = await list();
    const digest = vipDigest(idNumber, (l ?? noList).salt, (l ?? noList).cost);
    return l !== null && l.digests.has(digest);
  };
}

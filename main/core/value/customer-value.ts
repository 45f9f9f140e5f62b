import { createHash } from 'node:crypto';
import { customerValueDocId, RIGHT_NAMES, TIER_NAMES, type RightCode, type TierCode } from '../../../domain/value/value-rules';
import { customerValueContent } from '../../../domain/value/customer-value-doc';
import type { OpenableProduct } from '../../../domain/value/segment-rules';
import { verifyDoc } from '../../../trust/signature';
import type { ServiceDeps } from '../service-deps';

/** A customer's tier, rights and points as head office published them (signed `customer-value` document). */
export interface CustomerValueView {
  tier: TierCode;
  tierName: string;
  rights: { code: RightCode; name: string }[];
  points: number;
  vip: boolean;
  rulesVersion: number;
  /** 精准营销: the next best offer head office's segment rules made this customer (null: none). */
  offer: CustomerOffer | null;
}
export interface CustomerOffer {
  code: string;
  segment: string;
  title: string;
  product: string;
  pitch: string;
  rulesVersion: number;
  /** The product whose opening counts as the offer's conversion (value-dashboard.ts). */
  opens?: OpenableProduct;
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
export const customerValueIdFor = (idNumber: string) => customerValueDocId(sha256Hex, idNumber);

/**
 * Reads the published value of an ID number. Only a document head office signed, for this branch, counts: one
 * written into the local store by anything else (a curious employee with the device's files) is as if absent —
 * the customer is then shown as a standard customer, never upgraded.
 */
export function customerValueReader(deps: Pick<ServiceDeps, 'pouch' | 'branch' | 'trust'>) {
  return async function valueOf(idNumber: string): Promise<CustomerValueView | null> {
    let doc: unknown;
    try {
      doc = await deps.pouch.get(customerValueIdFor(idNumber));
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
    const parsed = customerValueContent.safeParse(doc);
    if (!parsed.success || !deps.trust || !verifyDoc(doc, deps.trust) || parsed.data.branch !== deps.branch) return null;
    const d = parsed.data;
    return {
      tier: d.tier,
      tierName: TIER_NAMES[d.tier],
      rights: d.rights.map((code) => ({ code, name: RIGHT_NAMES[code] })),
      points: d.points,
      vip: d.rights.includes('vip-queue'),
      rulesVersion: d.rulesVersion,
      offer: d.offer ?? null,
    };
  };
}
export type CustomerValueReader = ReturnType<typeof customerValueReader>;

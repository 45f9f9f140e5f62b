import { z } from 'zod';
import { OPENABLE_PRODUCTS } from './segment-rules';
import { RIGHT_CODES, TIER_CODES } from './value-rules';

const offerCode = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

/**
 * A customer's tier, rights and points as head office publishes them to the branch (synced type `customer-value`;
 * the server adds the signature's shape, devices verify the signature itself). Nothing in it changes merely
 * because a day passed, so it is rewritten only when the tier, rights or points change.
 */
export const customerValueFields = {
  _id: z.string().regex(/^customer-value:[0-9a-f]{32}$/),
  type: z.literal('customer-value'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  tier: z.enum(TIER_CODES),
  rights: z.array(z.enum(RIGHT_CODES)).max(RIGHT_CODES.length),
  points: z.int().min(0),
  rulesVersion: z.int().min(1),
  /** 精准营销: the customer's next best offer under head office's segment rules (absent: none). */
  offer: z
    .object({
      code: offerCode,
      segment: offerCode,
      title: z.string().min(1).max(40),
      product: z.string().min(1).max(40),
      pitch: z.string().max(200),
      rulesVersion: z.int().min(1),
      /** The product whose opening counts as the offer's conversion (absent: counted to accepted only). */
      opens: z.enum(OPENABLE_PRODUCTS).optional(),
    })
    .optional(),
};
/**
 * 精准营销 conversion: what the customer said to the offer head office made them (synced type `offer-response`,
 * branch-written, one per answer). Counted per segment and channel at head office; grants nothing.
 */
export const OFFER_RESPONSES = ['accepted', 'declined'] as const;
export const offerResponseFields = {
  _id: z.string().regex(/^offer-response:[0-9A-Z]{26}$/),
  type: z.literal('offer-response'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  customerId: z.string().regex(/^customer:[0-9A-Z]{26}$/),
  offer: offerCode,
  segment: offerCode,
  rulesVersion: z.int().min(1),
  channel: z.enum(['desk', 'kiosk', 'task']),
  response: z.enum(OFFER_RESPONSES),
  at: z.iso.datetime(),
  by: z.string().regex(/^[A-Z0-9]{3,16}$/),
};

export const customerValueContent = z.looseObject(customerValueFields);

/**
 * Head office's list of a branch's VIP customers for its queue device (synced type `vip-list`, one per branch,
 * head-office only and signed): slow salted digests of their ID numbers, nothing else (trust/vip-digest.ts) —
 * except, for those VIPs only, which of head office's offers their kiosk ticket shows. Listing offers of non-VIP
 * customers would make the kiosk tell a customer from a stranger again; a VIP is already told apart by the ticket.
 */
export const vipListId = (branch: string) => `vip-list:${branch}`;
const vipDigestText = z.string().regex(/^[A-Za-z0-9+/]{16}$/);
/** What a kiosk ticket prints of an offer: no segment name (the paper leaves the branch in the customer's hand). */
export const kioskOfferFields = z.object({ code: offerCode, title: z.string().min(1).max(40), pitch: z.string().max(200) });
export type KioskOffer = z.infer<typeof kioskOfferFields>;
export const vipListFields = {
  _id: z.string().regex(/^vip-list:[A-Z0-9]{2,16}$/),
  type: z.literal('vip-list'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/),
  cost: z.object({ N: z.int().min(1024).max(1 << 20), r: z.int().min(1).max(32), p: z.int().min(1).max(4) }),
  digests: z.array(vipDigestText).max(200_000),
  rulesVersion: z.int().min(1),
  /** 精准营销 on the kiosk ticket: head office's offers, and the offer code of each listed VIP digest that has one. */
  offers: z.array(kioskOfferFields).max(200).optional(),
  offerOf: z.record(vipDigestText, offerCode).optional(),
};
export const vipListContent = z.looseObject(vipListFields);

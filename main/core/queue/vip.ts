/**
 * What the queue device may know about the person at the kiosk when deciding VIP. Only facts the device reads
 * itself belong here (the ID number typed or read from the card), never a button the customer pressed.
 */
export interface KioskCustomerFacts {
  idNumber: string | null;
}

/** 精准营销 on the ticket: what the kiosk prints of head office's offer for this customer. */
export interface TicketOffer {
  code: string;
  title: string;
  pitch: string;
}

/** A VIP the kiosk recognised, and the offer head office made them (null: none). Everyone else: not VIP, no offer. */
export interface KioskRecognition {
  vip: boolean;
  offer: TicketOffer | null;
}

/**
 * Decides whether a kiosk ticket is VIP, and which offer it carries. The one place verified VIP comes from:
 * customer tiers (issue #17) replicated to the queue device in a form that reveals nothing about who is a customer.
 * It must take the same time and give the kiosk the same kind of answer whoever the person is (a VIP apart), or it
 * becomes a customer oracle again.
 */
export type VerifiedVip = (facts: KioskCustomerFacts) => Promise<KioskRecognition>;

export const NOT_RECOGNISED: KioskRecognition = Object.freeze({ vip: false, offer: null });

/** Nobody is VIP at the kiosk (the core's default is head office's VIP list, main/core/value/vip-at-kiosk.ts). */
export const noVerifiedVip: VerifiedVip = async () => NOT_RECOGNISED;

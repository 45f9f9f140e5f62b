/**
 * What the queue device may know about the person at the kiosk when deciding VIP. Only facts the device reads
 * itself belong here (the ID number typed or read from the card), never a button the customer pressed.
 */
export interface KioskCustomerFacts {
  idNumber: string | null;
}

/**
 * Decides whether a kiosk ticket is VIP. The one place verified VIP will come from: customer tiers (issue #17)
 * replicated to the queue device in a form that reveals nothing about who is a customer. It must take the same
 * time and give the kiosk the same kind of answer whoever the person is, or it becomes a customer oracle again.
 */
export type VerifiedVip = (facts: KioskCustomerFacts) => Promise<boolean>;

/** Nobody is VIP at the kiosk (the core's default is head office's VIP list, main/core/value/vip-at-kiosk.ts). */
export const noVerifiedVip: VerifiedVip = async () => false;

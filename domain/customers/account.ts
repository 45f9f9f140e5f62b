/**
 * A customer's account at the bank (`account:<accountNo>`), as core banking knows it. Accounts are opened in core
 * banking, not at this software's counter, so head office writes and signs these records (from its deposit
 * feed); a branch device only reads them, after checking the signature. Money is only ever paid into one.
 */
export interface AccountRecord {
  _id: string;
  type: 'account';
  accountNo: string;
  customerId: string;
  /** Branch code of the customer's file. */
  branch: string;
  kind: AccountKind;
  status: 'active' | 'frozen' | 'closed';
  openedAt: string;
  version: number;
  updatedAt: string;
}

export const ACCOUNT_KINDS = ['debit-card', 'demand', 'time'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const accountDocId = (accountNo: string) => `account:${accountNo}`;
export const ACCOUNT_NO = /^\d{12,19}$/;

/** Luhn check digit, as bank card numbers carry. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** "6230914012345678901" → "6230 **** **** 8901": enough to tell accounts apart on screen and on paper. */
export function maskAccountNo(no: string): string {
  return no.length <= 8 ? no : `${no.slice(0, 4)} **** **** ${no.slice(-4)}`;
}

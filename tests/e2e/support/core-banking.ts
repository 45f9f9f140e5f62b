import { join } from 'node:path';
import { accountDocId, luhnCheckDigit, type AccountRecord } from '../../../domain/customers/account';
import { loadHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import type { HeadOffice } from './head-office';

/**
 * Test set-up for a customer filed today: core banking opens their debit-card account, and head office's deposit
 * feed writes it, signed, into the branch database at head office, from where the branch host's live sync brings
 * it down. Signed with the demo head-office key the branch host trusts (`--seed-demo` keeps it in its data folder).
 */
export async function openAccountAtHeadOffice(ho: HeadOffice, branchDataDir: string, customerId: string): Promise<string> {
  return putSignedAccount({ url: ho.remote.url, admin: ho.admin }, join(branchDataDir, 'demo-head-office-keys.json'), customerId, 'debit-card');
}

/** The same for any head-office server and account kind (a time deposit opened after an offer, say); returns the number. */
export async function putSignedAccount(
  server: { url: string; admin: { name: string; password: string } }, keysFile: string, customerId: string, kind: AccountRecord['kind'],
): Promise<string> {
  const body = `62309101${String(Date.now() % 10_000_000_000).padStart(10, '0')}`;
  const accountNo = body + luhnCheckDigit(body);
  const now = new Date().toISOString();
  const record: AccountRecord = {
    _id: accountDocId(accountNo), type: 'account', accountNo, customerId, branch: 'HM01', kind, status: 'active',
    openedAt: now, version: 1, updatedAt: now,
  };
  const doc = signDoc(record as AccountRecord & Record<string, unknown>, signerOf(loadHeadOfficeKeys(keysFile)));
  const res = await fetch(`${server.url.replace(/\/$/, '')}/branch-hm01/${encodeURIComponent(doc._id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` },
    body: JSON.stringify(doc),
  });
  if (res.status !== 201) throw new Error(`account at head office: ${res.status} ${await res.text()}`);
  return accountNo;
}

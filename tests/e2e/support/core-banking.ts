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
  const body = `62309101${String(Date.now() % 10_000_000_000).padStart(10, '0')}`;
  const accountNo = body + luhnCheckDigit(body);
  const now = new Date().toISOString();
  const record: AccountRecord = {
    _id: accountDocId(accountNo), type: 'account', accountNo, customerId, branch: 'HM01', kind: 'debit-card', status: 'active',
    openedAt: now, version: 1, updatedAt: now,
  };
  const keys = loadHeadOfficeKeys(join(branchDataDir, 'demo-head-office-keys.json'));
  const doc = signDoc(record as AccountRecord & Record<string, unknown>, signerOf(keys));
  const res = await fetch(`${ho.remote.url.replace(/\/$/, '')}/branch-hm01/${encodeURIComponent(doc._id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ho.admin.name}:${ho.admin.password}`).toString('base64')}` },
    body: JSON.stringify(doc),
  });
  if (res.status !== 201) throw new Error(`account at head office: ${res.status} ${await res.text()}`);
  return accountNo;
}

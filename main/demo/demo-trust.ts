import { join } from 'node:path';
import { accountDocId, luhnCheckDigit, type AccountRecord } from '../../domain/customers/account';
import { loadOrCreateHeadOfficeKeys, signerOf, trustRootOf, type HeadOfficeKeys } from '../../trust/head-office-keys';
import { signDoc } from '../../trust/signature';
import type { TrustRoot } from '../../trust/trust-root';
import type { Core } from '../core/core';
import { storeSignedDocs } from '../core/staff/local-head-office';

/**
 * The DEMO trust root: a head-office key pair made on this machine and kept in the data folder, so the demo and
 * the tests can sign staff and accounts the way head office does. Its trust root says `demo: true`; the screens
 * and the log say so. A production device is given head office's public key at provisioning instead and never
 * holds a private key (SECURITY.md §3, §9).
 */
export const DEMO_KEYS_FILE = 'demo-head-office-keys.json';

export function demoHeadOfficeKeys(dataDir: string): HeadOfficeKeys {
  return loadOrCreateHeadOfficeKeys(join(dataDir, DEMO_KEYS_FILE), true);
}

export const demoTrustRoot = (dataDir: string): TrustRoot => trustRootOf(demoHeadOfficeKeys(dataDir));

/** How the demo's head office delivers what it signs: into the device's store, or through the sync server. */
export interface DemoHeadOffice {
  keys: HeadOfficeKeys;
  /** Resolves once the documents are in the branch device's store. */
  deliver(docs: { _id: string }[]): Promise<void>;
}

/** A standalone branch (`jingwei branch --seed-demo`): its own head office, writing straight into its store. */
export function localDemoHeadOffice(core: Core, keys: HeadOfficeKeys): DemoHeadOffice {
  return { keys, deliver: (docs) => storeSignedDocs(core.store.pouch, docs) };
}

/** One signed debit-card account per customer, numbered from the customer's place in the list (deterministic). */
export function demoAccounts(keys: HeadOfficeKeys, branch: string, customers: { id: string; createdAt: string }[], from = 0): AccountRecord[] {
  return customers.map((c, i) => {
    const body = `623091${branch.slice(-2).replace(/\D/g, '0').padStart(2, '0')}${String(from + i + 1).padStart(10, '0')}`;
    const accountNo = body + luhnCheckDigit(body);
    const record: AccountRecord = {
      _id: accountDocId(accountNo), type: 'account', accountNo, customerId: c.id, branch, kind: 'debit-card', status: 'active',
      openedAt: c.createdAt, version: 1, updatedAt: c.createdAt,
    };
    return signDoc(record as AccountRecord & Record<string, unknown>, signerOf(keys));
  });
}

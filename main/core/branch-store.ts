import { join } from 'node:path';
import { openStore, type Store } from '../../db/store';
import { customersProjection } from '../../db/projections/customers';
import type { Projection } from '../../db/projection';
import { auditProjection } from './audit/audit-log';
import { queueProjection } from './queue/queue.projection';
import { creditProjection } from './credit/credit.projection';
import { documentsProjection } from './documents/documents.projection';
import { villageProjection } from './village/village.projection';
import { accountsProjection } from './customers/accounts';
import { partnerProjection } from './value/partners.projection';
import type { DeviceSecrets } from './secrets/device-secrets';
import { ensurePrivateDir } from './secrets/private-files';

/** Projections every branch store keeps; areas add theirs here. */
export const BRANCH_PROJECTIONS: Projection[] = [customersProjection, auditProjection, queueProjection, creditProjection, documentsProjection, villageProjection, accountsProjection, partnerProjection];

export function branchDbName(branchCode: string): string {
  return `branch-${branchCode.toLowerCase()}`;
}

/** The branch database's file in a data folder. */
export const branchStorePath = (dataDir: string, branchCode: string) => join(dataDir, `${branchDbName(branchCode)}.sqlite`);

/** The device secret that encrypts the local copy of a database (db/sqlite.ts). */
export const storeKeyName = (dbName: string) => `store.${dbName}`;

export interface StoreKeys {
  key: Uint8Array;
  previousKeys: Uint8Array[];
}

/** The store's current key, and the older generations a half-finished rotation may have left it under. */
export function storeKeys(secrets: DeviceSecrets, dbName: string): StoreKeys {
  const key = secrets.key(storeKeyName(dbName));
  return { key, previousKeys: secrets.keyring(storeKeyName(dbName)).slice(1).map((g) => g.key) };
}

/**
 * The branch database of a data folder with its projections — all `jingwei sync` needs, without the services,
 * OCR engine and spreadsheet readers of the whole core (createCore opens it the same way).
 */
export async function openBranchStore(dataDir: string, branchCode: string, keys: StoreKeys): Promise<Store> {
  ensurePrivateDir(dataDir);
  return openStore({ path: branchStorePath(dataDir, branchCode), ...keys, projections: BRANCH_PROJECTIONS });
}

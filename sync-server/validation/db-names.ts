/**
 * Head office's database names, apart from the validation policy so that head-office batch commands (value, feed
 * publish) naming a branch's database do not load every synced type's schema.
 */
export const BRANCH_DB = /^branch-([a-z0-9]{2,16})$/;

export const branchDbName = (branchCode: string) => `branch-${branchCode.toLowerCase()}`;
/** The branch code a branch database belongs to (`branch-hm01` → `HM01`), or null for any other database. */
export const branchCodeOfDb = (dbName: string): string | null => BRANCH_DB.exec(dbName)?.[1]?.toUpperCase() ?? null;

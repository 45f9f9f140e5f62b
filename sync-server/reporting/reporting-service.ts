import { join } from 'node:path';
import { followBranches } from './follower';
import { openReportingStore, REPORTING_FILE } from './reporting-store';
import { startReportServer, type ReportServerOptions } from './report-server';
import { sessionSignIn } from './dashboard-auth';
import { couchClient } from '../identity/couch';
import type { Database } from '../../db/sqlite';

export interface ReportingServiceOptions {
  /** Head office's server: `jingwei server` or Apache CouchDB. */
  remote: string;
  /** A server admin: the branch list (`_all_dbs`) is admin-only on both. */
  admin: { name: string; password: string };
  /** Folder of the reporting store (reporting.sqlite). */
  dataDir: string;
  port: number;
  /** Head office IT's console at /it (`jingwei report`); absent: none. */
  it?: ReportServerOptions['it'];
  /** Head office's feed ledger (the caller's handle, closed by the caller): the risk centre assigns events in it; absent: it only lists. */
  feedLedger?: Database;
  onError: (db: string, error: unknown) => void;
}

/**
 * Head office's reporting: every branch database's `_changes` followed into the reporting store, and the
 * dashboard served on loopback to accounts of head office's server (`jingwei report`, and `jingwei demo`'s).
 */
export async function startReporting(o: ReportingServiceOptions): Promise<{ url: string; close(): Promise<void> }> {
  const store = openReportingStore(join(o.dataDir, REPORTING_FILE));
  const follower = followBranches({ target: { url: o.remote, user: o.admin }, store, onError: o.onError });
  const risk = o.feedLedger ? { ledger: o.feedLedger, couch: couchClient({ url: o.remote, user: o.admin }) } : undefined;
  const web = await startReportServer({ store, port: o.port, signIn: sessionSignIn(o.remote), ...(o.it ? { it: o.it } : {}), ...(risk ? { risk } : {}), ...(o.feedLedger ? { ledger: o.feedLedger } : {}) });
  return {
    url: web.url,
    async close() {
      await web.close();
      await follower.stop();
      store.close();
    },
  };
}

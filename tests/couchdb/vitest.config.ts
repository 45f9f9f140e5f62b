import { defineConfig } from 'vitest/config';

/**
 * `npm run test:couchdb` (scripts/test-couchdb.sh): the suites that talk to head office, run against Apache
 * CouchDB 3.4.3 (JINGWEI_TEST_COUCHDB) — their startTestServer() then resets and uses that CouchDB — plus the
 * CouchDB-only tests in tests/couchdb/. One file at a time: they share one CouchDB.
 */
export const HEAD_OFFICE_SUITES = [
  'sync-server/routes/endpoints.test.ts',
  'sync-server/auth/access.test.ts',
  'sync-server/replication.test.ts',
  'sync-server/validation/audit-append-only.test.ts',
  'sync-server/validation/design-validators.test.ts',
  'sync-server/identity/identity-service.test.ts',
  'sync-server/feeds/publish.test.ts',
  'main/cli/commands/sync.test.ts',
  'main/cli/commands/sync.interop.test.ts',
  'main/cli/audit-anchoring.test.ts',
  'main/core/credit/reference-publish.test.ts',
  'main/core/queue/queue-store.test.ts',
  'tests/security/identity-attacks.test.ts',
  'bench/support/weak-link.test.ts',
  'sync-server/reporting/reporting.test.ts',
  'sync-server/reporting/report-server.test.ts',
];

export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: [...HEAD_OFFICE_SUITES, 'tests/couchdb/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

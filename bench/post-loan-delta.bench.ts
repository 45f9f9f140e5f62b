/**
 * What one branch of 5,000 loans receives a day (issue #14: "the daily delta … must be small on a weak link"):
 * generated files for day 1 and day 2 (`jingwei feed generate`), each imported, scanned and published through
 * the CLI to a `jingwei server`-compatible server; the day-2 publish prints the documents written for the branch
 * and their size as JSON and gzipped — what the branch's sync pulls (before CouchDB's revision metadata).
 *
 *   npx tsx bench/post-loan-delta.bench.ts [--loans 5000] [--days 2]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { addDays } from '../domain/credit/dates';
import { FEED_KINDS } from '../domain/post-loan/feed-formats';
import { provisionBranch } from '../sync-server/provision';
import { startTestServer, TEST_ADMIN } from '../sync-server/test-support';
import { FEED_PUBLISHER_ROLE } from '../sync-server/validation/policy';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = z
  .object({ loans: z.coerce.number().int().min(100).default(5000), days: z.coerce.number().int().min(2).max(30).default(2) })
  .parse(parseArgs({ options: { loans: { type: 'string' }, days: { type: 'string' } } }).values);
const START = '2026-03-02';
const FEEDS = { name: 'hq-feeds', password: 'feeds-password-01' };

const dir = mkdtempSync(join(tmpdir(), 'post-loan-delta-'));
const server = await startTestServer();
try {
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: 'hm01-pc', password: 'device-password-01' });
  await server.req('PUT', `/_users/org.couchdb.user:${FEEDS.name}`, { body: { name: FEEDS.name, password: FEEDS.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  // Asynchronously: the server runs in this process and must answer the CLI's requests meanwhile.
  const run = promisify(execFile);
  const jingwei = async (...argv: string[]) =>
    (await run(process.execPath, ['bin/jingwei.js', 'feed', ...argv], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, JINGWEI_FEED_USER: FEEDS.name, JINGWEI_FEED_PASSWORD: FEEDS.password },
    })).stdout;
  const files = join(dir, 'files');
  const ledger = join(dir, 'ledger');
  await jingwei('generate', '--out', files, '--start', START, '--days', String(args.days), '--loans', String(args.loans), '--branches', 'HM01');
  console.log(`branch HM01, ${args.loans} loans (load ${loadavg()[0]!.toFixed(1)})`);
  console.log('day         docs written   JSON KB   gzip KB');
  for (let d = 0; d < args.days; d++) {
    const date = addDays(START, d);
    for (const kind of FEED_KINDS) await jingwei('import', '--data', ledger, '--kind', kind, '--date', date, join(files, `${date}-${kind}.csv`));
    await jingwei('scan', '--data', ledger, '--date', date);
    const out = await jingwei('publish', '--data', ledger, '--remote', server.url, '--date', date);
    const m = /HM01: \d+ actions read, (\d+) documents written, (\d+) bytes \(gzip (\d+)\)/.exec(out);
    if (!m) throw new Error(out);
    console.log(`${date}  ${m[1]!.padStart(12)}  ${(Number(m[2]) / 1024).toFixed(1).padStart(8)}  ${(Number(m[3]) / 1024).toFixed(1).padStart(8)}${d === 0 ? '   (first day: every loan)' : ''}`);
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

// Does a big pull starve the counter? `jingwei branch --remote` (the shipped CLI, its own process) starts with an
// empty day and pulls another device's day from `jingwei server` on loopback — as fast as the machine allows —
// while a teller searches customers every 25 ms over the branch host's API. Latencies during the pull are
// compared with the same calls once the branch is idle (target: p95 < 20 ms while syncing). Head office runs in a
// process of its own: serving the pull in this process would delay the timing of the very calls measured here.
//   npx tsx bench/sync-ui.bench.ts            ~10,000 documents (records made through the API + 60 with scans)
//   npx tsx bench/sync-ui.bench.ts --quick    a fifth of that
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CouchHttp } from '../main/core/sync/http/couch-http';
import { runOneShot } from '../main/core/sync/one-shot';
import { createTestCore, TEST_PASSWORD } from '../main/core/testing/test-core';
import { TRUST_ROOT_FILE } from '../main/cli/commands/branch';
import { trustRootFileOf } from '../trust/head-office-keys';
import { provisionBranch } from '../sync-server/provision';
import { buildBranchDay, openBranchDay } from './support/branch-day';
import { startJingweiServer } from './support/server-process';
import { percentile } from './support/stats';

const quick = parseArgs({ options: { quick: { type: 'boolean' } } }).values.quick ?? false;
const DAY = quick ? { customers: 700, applications: 200, documents: 12 } : { customers: 3500, applications: 1000, documents: 60 };
const GOAL_P95_MS = 20;
const REPO = resolve(import.meta.dirname, '..');
const admin = { name: 'hq-admin', password: 'hq-admin-password' };
const device = { name: 'hm01-desk-2', password: 'desk-password-02' };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jw-ui-'));
  const server = await startJingweiServer(join(dir, 'server'), admin);
  let child: ReturnType<typeof spawn> | null = null;
  try {
    await provisionBranch({ url: server.url, admin, branchCode: 'HM01', deviceUser: device.name, password: device.password });
    // Another counter's day, already at head office.
    const other = join(dir, 'other');
    const day = await buildBranchDay({ dataDir: other, ...DAY, scanBytes: 150_000, deviceId: 'HM01-B' });
    const otherDb = await openBranchDay(other);
    const seed = new CouchHttp({ dbUrl: `${server.url}/branch-hm01`, auth: { username: device.name, password: device.password } });
    await runOneShot({ local: otherDb, http: seed, phases: ['push-docs', 'push-blobs'] });
    seed.close();
    await otherDb.close();
    const total = day.records + day.scanned;

    // This counter: staff to log in with and nothing else yet.
    const mine = join(dir, 'mine');
    const t = await createTestCore({ dataDir: mine, deviceId: 'HM01-A', liveSync: false });
    await t.dispose();
    // The branch host trusts the staff the test's head office signed, as a provisioned PC pins head office's key.
    writeFileSync(join(mine, TRUST_ROOT_FILE), JSON.stringify(trustRootFileOf(t.headOffice)));

    // BRANCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the branch host.
    child = spawn(process.execPath, [...(process.env.BRANCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(REPO, 'bin/jingwei.js'), 'branch', '--data', mine, '--remote', server.url, '--user', device.name], {
      cwd: REPO, env: { ...process.env, JINGWEI_DEVICE_PASSWORD: device.password }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((ok, fail) => {
      let buf = '';
      child!.stdout!.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /Jingwei branch host: (\S+)/.exec(buf);
        if (m) ok(m[1]!.replace(/\/$/, ''));
      });
      child!.once('exit', (code) => fail(new Error(`branch host exited ${code}`)));
    });
    const call = async <T>(method: string, args: unknown, token?: string): Promise<T> => {
      const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(args) });
      const body = (await res.json()) as { ok?: boolean; value?: T } & T;
      if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
      return (body.value ?? body) as T;
    };
    const { token } = await call<{ token: string }>('session.login', { staffNo: 'T001', password: TEST_PASSWORD });
    const names = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
    const search = async (i: number) => {
      const t0 = performance.now();
      await call('customers.search', { q: names[i % names.length], limit: 20 }, token);
      return performance.now() - t0;
    };
    const during: number[] = [];
    const syncStart = performance.now();
    let received = 0;
    for (let i = 0; ; i++) {
      during.push(await search(i));
      await new Promise((r) => setTimeout(r, 25));
      if (i % 20 === 19) {
        // Caught up both ways: every pass idle (what the status chip shows as 在线).
        const status = await call<{ state: string }>('sync.status', {}, token);
        if (status.state === 'online') {
          const info = (await (await fetch(`${server.url}/branch-hm01`, { headers: { authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64') } })).json()) as { doc_count: number };
          received = info.doc_count;
          break;
        }
      }
      if (performance.now() - syncStart > 600_000) throw new Error('the branch did not finish pulling within 10 minutes');
    }
    const syncMs = performance.now() - syncStart;
    const idle: number[] = [];
    for (let i = 0; i < Math.max(200, during.length); i++) {
      idle.push(await search(i));
      await new Promise((r) => setTimeout(r, 25));
    }
    const row = (label: string, xs: number[]) =>
      `  ${label.padEnd(22)} p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms  (n=${xs.length})`;
    console.log(`a teller's customer search on the branch host while \`jingwei branch --remote\` pulls ${total} documents (${day.scanned} with scans, made through the API)`);
    console.log(`  pull took ${(syncMs / 1000).toFixed(1)} s (head office holds ${received}); load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(row('while syncing', during));
    console.log(row('idle afterwards', idle));
    const p95 = percentile(during, 95);
    console.log(`  p95 while syncing ${p95.toFixed(1)} ms (goal < ${GOAL_P95_MS} ms): ${p95 < GOAL_P95_MS ? 'met' : 'MISSED'}`);
  } finally {
    child?.kill('SIGTERM');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

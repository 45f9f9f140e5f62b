import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../../main/core/core';
import { customer } from '../../sync-server/couchdb/vdu-corpus';
import { CLUSTER_URLS, COUCHDB_ADMIN, COUCHDB_SCRIPT, DEVICE, basic, headOffice, json, type HeadOffice } from './support';

const REPO = resolve(import.meta.dirname, '../..');
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidOf = (n: number) => '01J' + Array.from({ length: 23 }, (_, i) => CROCKFORD[Math.floor(n / 32 ** (22 - i)) % 32]).join('');
const DOCS = 4000;

function couchdbScript(...args: string[]): void {
  execFileSync('bash', [COUCHDB_SCRIPT!, ...args], { stdio: 'inherit' });
}

async function docCount(url: string): Promise<number> {
  const res = await json(`${url}/branch-hm01/_all_docs?limit=0`, { auth: COUCHDB_ADMIN });
  return (res.body as { total_rows: number }).total_rows;
}

/** `jingwei sync` as a branch PC runs it; resolves with its exit code and output. */
function syncRun(dataDir: string, remote: string, onOutput: (line: string) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/jingwei.js'), 'sync', '--data', dataDir, '--remote', remote, '--user', DEVICE.name, '--branch', 'HM01'], {
      env: { ...process.env, JINGWEI_DEVICE_PASSWORD: DEVICE.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const take = (b: Buffer) => {
      out += b.toString();
      for (const line of b.toString().split('\n')) if (line) onOutput(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => done({ code, out }));
  });
}

describe.skipIf(CLUSTER_URLS.length !== 3 || !COUCHDB_SCRIPT)('a branch syncing with a 3-node CouchDB cluster (q=2, n=3)', () => {
  let ho: HeadOffice;
  let dataDir: string;
  beforeAll(async () => {
    ho = await headOffice('couchdb');
    dataDir = mkdtempSync(join(tmpdir(), 'jw-cluster-branch-'));
    const core = await createCore({ dataDir, branchCode: 'HM01', log: () => undefined });
    const docs = Array.from({ length: DOCS }, (_, i) => ({ ...customer, _id: `customer:${ulidOf(i)}`, name: `客户${i}` }));
    for (let i = 0; i < docs.length; i += 500) await core.store.pouch.bulkDocs(docs.slice(i, i + 500));
    await core.close();
  });
  afterAll(async () => {
    couchdbScript('start', 'node2');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes an end-of-day push while node2 is stopped in the middle of it; node2 has every document once back', async () => {
    expect(ho.url).toBe(CLUSTER_URLS[0]);
    let stopped = false;
    const run = await syncRun(dataDir, ho.url, (line) => {
      // the first progress line of the push: documents are on their way
      if (!stopped && /push-docs/.test(line)) {
        stopped = true;
        couchdbScript('stopnode', 'node2');
      }
    });
    expect(stopped, run.out).toBe(true);
    expect(run.code, run.out).toBe(0);
    const atNode3 = await docCount(CLUSTER_URLS[2]!);
    expect(atNode3).toBeGreaterThanOrEqual(DOCS);
    couchdbScript('start', 'node2');
    // node2 answers for the database again, and a second run has nothing left to send
    expect(await docCount(CLUSTER_URLS[1]!)).toBe(atNode3);
    const again = await syncRun(dataDir, CLUSTER_URLS[1]!, () => undefined);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('上传 sent 0 docs');
    // a 4,000-document push through a cluster with a node stopped and started: minutes at load ~30
  }, 480_000);

  it('reads what was written through node1 on node3 under one session cookie (same secret on every node)', async () => {
    const login = await fetch(`${CLUSTER_URLS[0]}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEVICE) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^AuthSession=/);
    const res = await fetch(`${CLUSTER_URLS[2]}/branch-hm01/customer:${ulidOf(7)}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('客户7');
    expect((await fetch(`${CLUSTER_URLS[2]}/branch-hm01`, { headers: { authorization: basic({ name: DEVICE.name, password: 'wrong-password' }) } })).status).toBe(401);
  });
});

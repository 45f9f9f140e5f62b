import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listConflicts } from '../../../db/projection';
import { openSqlite } from '../../../db/sqlite';
import { branchDbName, createCore, storeKeyName } from '../core';
import { defaultSecretsDir, openDeviceSecrets } from '../secrets/device-secrets';
import { TUNING } from './replicator/pass';
import { startTestPeer, type TestPeer } from './test-peer';

const REPO = resolve(import.meta.dirname, '../../..');
// Enough work that about twenty kills land before the (fast) client is done, even on an idle machine.
const LOCAL_DOCS = 8000;
const SERVER_DOCS = 8000;
const BLOBS = 10;
const KILLS = 20;
const MIN_KILLS = 10;

let peer: TestPeer;
let dataDir: string;

const note = (prefix: string, i: number) => ({ _id: `${prefix}:${String(i).padStart(6, '0')}`, type: 'note', n: i, text: `第${i}号 ${'记'.repeat(i % 80)}` });
const blob = (prefix: string, i: number) => ({
  _id: `${prefix}-scan:${i}`, type: 'scan', n: i,
  _attachments: { 'page.bin': { content_type: 'application/octet-stream', data: Buffer.alloc(60_000, i).toString('base64') } },
});

interface Run {
  killed: boolean;
  code: number | null;
  sent: number;
  received: number;
  lines: string[];
}

/**
 * Runs `jingwei sync`; with `kill`, sends SIGKILL `ms` after its `lines`-th progress line (0 = the first phase's
 * start). Counting lines rather than milliseconds puts the kills at the same points of the work however loaded
 * the machine is: before any batch, mid-batch, right after a batch, between phases.
 */
function runSync(kill: { lines: number; ms: number } | null): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/jingwei.js'), 'sync', '--data', dataDir, '--remote', peer.url, '--branch', 'HM01', '--retries', '2'], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { killed: false, code: null, sent: 0, received: 0, lines: [] };
    let buffered = '';
    let timer: NodeJS.Timeout | null = null;
    let progressLines = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        run.lines.push(line);
        const sent = /sent (\d+) docs/.exec(line);
        const received = /received (\d+) docs/.exec(line);
        if (sent) run.sent = Number(sent[1]);
        if (received) run.received = Number(received[1]);
        if (/^同步 sync \d\//.test(line)) progressLines++;
        if (kill && !timer && progressLines >= kill.lines) {
          timer = setTimeout(() => {
            run.killed = child.kill('SIGKILL');
          }, kill.ms);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => run.lines.push(chunk.toString('utf8')));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      run.code = code;
      done(run);
    });
  });
}

beforeAll(async () => {
  peer = await startTestPeer();
  const server = peer.db(branchDbName('HM01'));
  const docs = [...Array.from({ length: SERVER_DOCS }, (_, i) => note('hq', i)), ...Array.from({ length: BLOBS }, (_, i) => blob('hq', i))];
  for (let i = 0; i < docs.length; i += 500) await server.bulkDocs(docs.slice(i, i + 500) as PouchDB.Core.PutDocument<object>[]);

  dataDir = mkdtempSync(join(tmpdir(), 'jingwei-kill9-'));
  const core = await createCore({ dataDir, branchCode: 'HM01', deviceId: 'HM01-K9', log: () => undefined });
  const local = [...Array.from({ length: LOCAL_DOCS }, (_, i) => note('dev', i)), ...Array.from({ length: BLOBS }, (_, i) => blob('dev', i))];
  for (let i = 0; i < local.length; i += 500) await core.store.pouch.bulkDocs(local.slice(i, i + 500) as PouchDB.Core.PutDocument<object>[]);
  await core.close();
});

afterAll(async () => {
  await peer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during sync', () => {
  it(`resumes from checkpoints after ${MIN_KILLS}–${KILLS} SIGKILLs: nothing lost, nothing duplicated, database intact`, async () => {
    const runs: Run[] = [];
    let kills = 0;
    // Kill at random points: early (while reading checkpoints), mid-batch, between phases.
    while (kills < KILLS) {
      const run = await runSync({ lines: Math.floor(Math.random() * 3), ms: Math.floor(Math.random() * 400) });
      runs.push(run);
      if (run.killed && run.code === null) kills++;
      else if (run.code === 0) break; // finished before the kill landed: the sync is done, stop killing
      else throw new Error(`sync exited with ${run.code}:\n${run.lines.join('\n')}`);
    }
    // A fast client may finish its work between kills before the twentieth lands; by then it has already resumed
    // from a checkpoint many times, which is what this test is about.
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    const killedMoved = runs.filter((r) => r.killed).reduce((n, r) => n + r.sent + r.received, 0);
    expect(killedMoved).toBeGreaterThan(0);

    // What each side already holds before the last, uninterrupted run.
    const openReadonly = async () => {
      const key = (await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) })).key(storeKeyName(branchDbName('HM01')));
      return openSqlite(join(dataDir, `${branchDbName('HM01')}.sqlite`), key, { readonly: true });
    };
    const sqlBefore = await openReadonly();
    const hqLocal = (sqlBefore.prepare("SELECT COUNT(*) AS n FROM docs WHERE id LIKE 'hq%'").get() as { n: number }).n;
    sqlBefore.close();
    const devOnServer = (await peer.db(branchDbName('HM01')).allDocs({ startkey: 'dev', endkey: 'dev\uffff' })).rows.length;

    const final = await runSync(null);
    runs.push(final);
    expect(final.code, final.lines.join('\n')).toBe(0);

    // Resumed, not restarted: the last run sends exactly what the other side still lacked (revs_diff), and across
    // all runs the server received each document about once — at most one in-flight batch per kill again.
    const total = LOCAL_DOCS + BLOBS + SERVER_DOCS + BLOBS;
    // The device's own report (core/devices/device-report.ts, id `device-report:HM01-K9`, inside the 'dev' range).
    expect(final.sent).toBe(LOCAL_DOCS + BLOBS + 1 - devOnServer);
    expect(final.received).toBe(SERVER_DOCS + BLOBS - hqLocal);
    expect(final.sent + final.received).toBeLessThan(total);
    const perKill = TUNING.push.docs.batchDocs;
    expect(peer.counters.bulkDocsIn).toBeGreaterThanOrEqual(LOCAL_DOCS + BLOBS);
    expect(peer.counters.bulkDocsIn).toBeLessThanOrEqual(LOCAL_DOCS + BLOBS + 1 + kills * perKill);
    expect(peer.counters.bulkGetRequested).toBeLessThanOrEqual(SERVER_DOCS + BLOBS + kills * perKill);

    // Every document exactly once on both sides, with the same single revision, no conflicts.
    const core = await createCore({ dataDir, branchCode: 'HM01', deviceId: 'HM01-K9', log: () => undefined });
    try {
      const localAll = await core.store.pouch.allDocs();
      const serverAll = await peer.db(branchDbName('HM01')).allDocs();
      const strip = (rows: { id: string; value: { rev: string } }[]) => rows.filter((r) => !r.id.startsWith('_')).map((r) => [r.id, r.value.rev]);
      expect(strip(localAll.rows)).toHaveLength(total + 1);
      expect(strip(localAll.rows)).toEqual(strip(serverAll.rows));
      expect(strip(localAll.rows).every(([, rev]) => rev!.startsWith('1-'))).toBe(true);
      expect(listConflicts(core.store.pouch)).toEqual([]);
      const scan = (await core.store.pouch.getAttachment('hq-scan:3', 'page.bin')) as Buffer;
      expect(scan.equals(Buffer.alloc(60_000, 3))).toBe(true);
    } finally {
      await core.close();
    }
    const sql = await openReadonly();
    try {
      expect(sql.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      sql.close();
    }
  }, 900_000); // ~1 min on an idle 2-core machine, 2 on a loaded one
});

// Do attachments hold back small documents? Time until 200 small documents are at head office while a scan is
// also waiting to go up, over a 512 kbit/s / 50 ms line: one plain replication (baseline) vs our split passes.
//   npx tsx bench/sync-priority.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPouch } from '../db/pouchdb';
import { runOneShot } from '../main/core/sync/one-shot';
import { openRemote } from '../main/core/sync/remote';
import { TransferMeter } from '../main/core/sync/transfer-meter';
import { startTestPeer } from '../main/core/sync/test-peer';
import { startLinkSim } from './support/link-sim';

const SMALL = 200;
const SCAN_BYTES = 400_000;
const LINK = { bandwidthBps: 512_000, latencyMs: 50 };

async function scenario(label: string, split: boolean): Promise<{ smallMs: number; allMs: number }> {
  const peer = await startTestPeer();
  const dbName = `branch-b${split ? 1 : 2}`;
  await peer.db(dbName).info();
  const port = Number(new URL(peer.url).port);
  const link = await startLinkSim({ target: { host: '127.0.0.1', port }, ...LINK });
  const dir = mkdtempSync(join(tmpdir(), 'jw-prio-'));
  const local = createPouch(join(dir, 'branch.sqlite'));
  // The scan is written first, so an unsplit replication meets it in its first batch.
  await local.put({ _id: 'scan:0001', type: 'scan', _attachments: { 'id-card.jpg': { content_type: 'image/jpeg', data: randomBytes(SCAN_BYTES).toString('base64') } } } as PouchDB.Core.PutDocument<object>);
  await local.bulkDocs(Array.from({ length: SMALL }, (_, i) => ({ _id: `customer:${String(i).padStart(4, '0')}`, type: 'customer', name: `客户${i}`, phone: '13800138000' })));
  const meter = new TransferMeter();
  const remote = openRemote({ url: link.url }, dbName, meter);
  const server = peer.db(dbName);
  const start = performance.now();
  let smallMs = 0;
  const watcher = (async () => {
    for (;;) {
      const n = (await server.allDocs({ startkey: 'customer:', endkey: 'customer:\uffff' })).rows.length;
      if (n >= SMALL) return (smallMs = performance.now() - start);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  if (split) await runOneShot({ local, remote, meter, phases: ['push-docs', 'push-blobs'] });
  else await local.replicate.to(remote, { batch_size: 50, batches_limit: 2 });
  const allMs = performance.now() - start;
  await watcher;
  console.log(`${label.padEnd(28)} small docs at head office after ${(smallMs / 1000).toFixed(2)} s, everything after ${(allMs / 1000).toFixed(2)} s, line up ${(link.stats().upBytes / 1024).toFixed(0)} KB`);
  await local.close();
  await link.close();
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
  return { smallMs, allMs };
}

console.log(`${SMALL} small documents + one ${SCAN_BYTES / 1000} KB scan, line ${LINK.bandwidthBps / 1000} kbit/s, ${LINK.latencyMs} ms one way`);
const base = await scenario('baseline: one replication', false);
const ours = await scenario('split docs/blobs passes', true);
console.log(`time to small documents: ${(base.smallMs / ours.smallMs).toFixed(1)}× sooner with the split (${(base.smallMs / 1000).toFixed(2)} s → ${(ours.smallMs / 1000).toFixed(2)} s); total ${(ours.allMs / base.allMs).toFixed(2)}× of baseline`);

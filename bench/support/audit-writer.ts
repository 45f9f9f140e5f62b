/**
 * One measuring process for bench/audit.bench.ts: opens a core of the checkout at ROOT (this one, or a baseline
 * checkout of an older commit) and writes documents each with its audit entry in one bulkDocs — the way every
 * service writes — then prints the CPU and wall time per write as JSON.
 * Usage: node --import tsx bench/support/audit-writer.ts ROOT DATA_DIR WRITES
 */
import { join } from 'node:path';

const [root, dataDir, writesArg] = process.argv.slice(2);
if (!root || !dataDir || !writesArg) {
  console.error('usage: audit-writer.ts ROOT DATA_DIR WRITES');
  process.exit(2);
}
const WRITES = Number(writesArg);
const WARMUP = 500;
// The core's API at both ends of the comparison: createCore, core.audit.next/commit, core.store.pouch.
const { createCore } = (await import(join(root, 'main/core/core.ts'))) as typeof import('../../main/core/core');
const core = await createCore({ dataDir, branchCode: 'HM01', deviceId: 'HM01-BENCH', log: () => undefined });

async function write(i: number): Promise<void> {
  const entry = core.audit.next({
    actor: 'T001', actorName: '王柜员', action: 'note.create', entity: `note:${i}`, at: new Date().toISOString(),
    before: null, after: { number: `A${String(i).padStart(3, '0')}`, service: 'cash', priority: 0 },
  });
  await core.store.pouch.bulkDocs([{ _id: `note:${String(i).padStart(8, '0')}`, type: 'note', n: i }, entry]);
  core.audit.commit(entry);
}

for (let i = 0; i < WARMUP; i++) await write(i);
const cpu = process.cpuUsage();
const start = performance.now();
for (let i = WARMUP; i < WARMUP + WRITES; i++) await write(i);
const used = process.cpuUsage(cpu);
const wall = performance.now() - start;
await core.close();
console.log(JSON.stringify({ userUs: used.user / WRITES, systemUs: used.system / WRITES, wallUs: (wall * 1000) / WRITES, entries: WARMUP + WRITES }));

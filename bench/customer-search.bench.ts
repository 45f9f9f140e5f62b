/**
 * Customer search over 100,000 generated customers: p50/p95 of prefix search by name, pinyin initials and ID
 * number, measured at the SQL layer and through the whole core API call (session, zod, permission check).
 * Target: p95 under 10 ms. Usage: npx tsx bench/customer-search.bench.ts [--customers 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { customerQueries } from '../db/queries/customers';
import { nameSearchKeys } from '../domain/customers/pinyin';
import { createCore } from '../main/core/core';
import { DEMO_PASSWORD, demoPeople, seedDemo } from '../main/demo/seed';
import { elapsedMs, ms, summarize } from './support/stats';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '100000' }, queries: { type: 'string', default: '2000' } } });
const N = Number(values.customers);
const Q = Number(values.queries);

const dir = mkdtempSync(join(tmpdir(), 'jingwei-bench-search-'));
try {
  const core = await createCore({ dataDir: dir, branchCode: 'HM01', deviceId: 'HM01-BENCH', log: () => {} });
  await seedDemo(core, { customers: 0 });

  const people = demoPeople(N, 7);
  const t0 = process.hrtime.bigint();
  const now = new Date().toISOString();
  for (let i = 0; i < people.length; i += 1000) {
    const docs = people.slice(i, i + 1000).map((p, j) => ({
      _id: `customer:BENCH${String(i + j).padStart(21, '0')}`, type: 'customer', kind: 'individual', ...p,
      branch: 'HM01', createdAt: now, createdBy: 'BENCH', updatedAt: now, updatedBy: 'BENCH',
    }));
    await core.store.pouch.bulkDocs(docs);
  }
  const loadMs = elapsedMs(t0);
  console.log(`loaded ${N} customers (documents + search projection) in ${(loadMs / 1000).toFixed(1)} s = ${Math.round(N / (loadMs / 1000))} docs/s`);

  const rnd = (() => { let s = 42; return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); })();
  const sample = () => people[Math.floor(rnd() * people.length)]!;
  const kinds: Record<string, () => string> = {
    'name prefix (1–2 chars)': () => sample().name.slice(0, 1 + Math.floor(rnd() * 2)),
    'pinyin initials (2–3)': () => nameSearchKeys(sample().name).initials.slice(0, 2 + Math.floor(rnd() * 2)),
    'ID number prefix (8–18)': () => sample().idNumber.slice(0, 8 + Math.floor(rnd() * 11)),
    'phone prefix (7–11)': () => sample().phone.slice(0, 7 + Math.floor(rnd() * 5)),
  };

  const queries = customerQueries(core.store.sql);
  const login = await core.call({ method: 'session.login', args: { staffNo: 'T001', password: DEMO_PASSWORD } });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;

  console.log(`\n${Q} queries per kind, 20 results max (the desk's page size)`);
  console.log('kind                        | SQL p50     | SQL p95     | API p50     | API p95     | target p95 < 10 ms');
  let worst = 0;
  for (const [label, make] of Object.entries(kinds)) {
    const sql: number[] = [];
    const api: number[] = [];
    for (let i = 0; i < Q; i++) {
      const q = make();
      let t = process.hrtime.bigint();
      const rows = queries.search(q, 20);
      sql.push(elapsedMs(t));
      if (!rows.length) throw new Error(`no hit for ${q}`);
      t = process.hrtime.bigint();
      const res = await core.call({ method: 'customers.search', args: { q, limit: 20 }, token });
      api.push(elapsedMs(t));
      if (!res.ok) throw new Error(res.error.message);
    }
    const s = summarize(sql);
    const a = summarize(api);
    worst = Math.max(worst, a.p95);
    console.log(`${label.padEnd(27)} | ${ms(s.p50).padEnd(11)} | ${ms(s.p95).padEnd(11)} | ${ms(a.p50).padEnd(11)} | ${ms(a.p95).padEnd(11)} |`);
  }
  const plan = core.store.sql.prepare("EXPLAIN QUERY PLAN SELECT id FROM customer_index WHERE name_initials >= 'zs' AND name_initials < 'zs\u{10FFFF}'").all() as { detail: string }[];
  console.log(`\nquery plan (initials): ${plan.map((p) => p.detail).join('; ')}`);
  console.log(`worst API p95: ${ms(worst)} — ${worst < 10 ? 'MEETS' : 'MISSES'} the 10 ms target`);
  await core.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

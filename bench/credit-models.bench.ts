/**
 * Credit models: (1) one application through all six models — admission, limit, pricing, early warning,
 * renewal, risk decision (every generated application renews a live loan so all six run) — p50/p95 over a few
 * thousand generated applications, target p95 < 5 ms; (2) re-scoring 6,000 past applications under a modified
 * rule set (the head-office dry run, i.e. 12,000 evaluations: old and new), target < 5 s.
 * The baseline column is a fixed reference workload on the same inputs (canonical JSON + SHA-256 of each
 * application, which every decision does anyway), so a slow shared machine can be told from a slow engine.
 * Usage: npx tsx bench/credit-models.bench.ts [--applications 3000] [--past 6000]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_LPR_TABLE } from '../domain/credit/lpr';
import { PRODUCT_CODES } from '../domain/credit/products';
import { DEFAULT_RULE_SETS, digestOf, dryRun, evaluateApplication, type DryRunResult, type RuleSet } from '../domain/credit/rules';
import { sampleApplications } from '../domain/credit/rules/sample-applications';
import { elapsedMs, ms, summarize } from './support/stats';

const { values } = parseArgs({ options: { applications: { type: 'string', default: '3000' }, past: { type: 'string', default: '6000' } } });
const N = Number(values.applications);
const PAST = Number(values.past);
const TARGET_P95_MS = 5;
const TARGET_DRYRUN_MS = 5_000;

const apps = sampleApplications(N, { seed: 11, renewalShare: 1 });

// Warm the JIT on a separate slice so the first measured calls are not compile time.
for (const a of sampleApplications(300, { seed: 99, renewalShare: 1 })) evaluateApplication(DEFAULT_RULE_SETS[a.productCode], DEFAULT_LPR_TABLE, a);

const evalSamples: number[] = [];
const baseSamples: number[] = [];
const outcomes: Record<string, number> = {};
let sixModels = 0;
for (const a of apps) {
  let t = process.hrtime.bigint();
  const d = evaluateApplication(DEFAULT_RULE_SETS[a.productCode], DEFAULT_LPR_TABLE, a);
  evalSamples.push(elapsedMs(t));
  t = process.hrtime.bigint();
  digestOf(a);
  baseSamples.push(elapsedMs(t));
  outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
  if (d.modelsRun.length === 6) sixModels++;
}
const e = summarize(evalSamples);
const b = summarize(baseSamples);

console.log(`credit-models bench — node ${process.version}, ${N} applications (${sixModels} through all six models), outcomes ${JSON.stringify(outcomes)}`);
console.log('');
console.log('one application, six models   measured        baseline(digest)  ratio   target     vs target');
console.log(
  `  p50                          ${ms(e.p50).padEnd(14)}  ${ms(b.p50).padEnd(16)}  ${(e.p50 / b.p50).toFixed(1).padStart(5)}x`,
);
console.log(
  `  p95                          ${ms(e.p95).padEnd(14)}  ${ms(b.p95).padEnd(16)}  ${(e.p95 / b.p95).toFixed(1).padStart(5)}x  < ${TARGET_P95_MS} ms   ${(e.p95 / TARGET_P95_MS).toFixed(3)} of target ${e.p95 < TARGET_P95_MS ? 'OK' : 'MISSED'}`,
);
console.log(`  max                          ${ms(e.max)}`);

// Dry run: 6,000 past applications across the seven products, each product's rules tightened and repriced.
const past = sampleApplications(PAST, { seed: 23, renewalShare: 0.2 });
const modified: Record<string, RuleSet> = {};
for (const p of PRODUCT_CODES) {
  const next = structuredClone(DEFAULT_RULE_SETS[p]);
  next.version += 1;
  next.models.riskDecision.approveMinScore += 20;
  next.models.pricing.spreadBp = next.models.pricing.spreadBp.map((t) => t.map((l) => l.map((x) => x + 10)));
  modified[p] = next;
}
const byProduct = new Map<string, typeof past>();
for (const a of past) byProduct.set(a.productCode, [...(byProduct.get(a.productCode) ?? []), a]);

const t0 = process.hrtime.bigint();
const results: DryRunResult[] = PRODUCT_CODES.map((p) => dryRun(DEFAULT_RULE_SETS[p], modified[p]!, byProduct.get(p) ?? [], DEFAULT_LPR_TABLE));
const dryMs = elapsedMs(t0);
const tb = process.hrtime.bigint();
for (const a of past) {
  digestOf(a);
  digestOf(a);
}
const dryBase = elapsedMs(tb);

const total = results.reduce((s, r) => s + r.total, 0);
const changed = results.reduce((s, r) => s + r.changed, 0);
const transitions: Record<string, number> = {};
for (const r of results) for (const [k, v] of Object.entries(r.byTransition)) transitions[k] = (transitions[k] ?? 0) + v;
const errors = results.reduce((s, r) => s + r.errors.length, 0);

console.log('');
console.log('dry run: re-score past applications   measured      baseline(2×digest)  ratio   target    vs target');
console.log(
  `  ${total} applications (${total * 2} evaluations)   ${ms(dryMs).padEnd(12)}  ${ms(dryBase).padEnd(18)}  ${(dryMs / dryBase).toFixed(1).padStart(5)}x  < ${TARGET_DRYRUN_MS / 1000} s   ${(dryMs / TARGET_DRYRUN_MS).toFixed(3)} of target ${dryMs < TARGET_DRYRUN_MS ? 'OK' : 'MISSED'}`,
);
console.log(`  would change: ${changed} of ${total}; outcome transitions ${JSON.stringify(transitions)}; errors ${errors}`);

// Pass/fail/pending per suite from vitest's JSON report: node scripts/test-couchdb-summary.mjs FILE TARGET
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, target] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const rows = report.testResults.map((suite) => {
  const count = (s) => suite.assertionResults.filter((a) => a.status === s).length;
  return { suite: relative(process.cwd(), suite.name), pass: count('passed'), fail: count('failed'), pending: count('pending') + count('skipped') + count('todo') };
});
const total = rows.reduce((t, r) => ({ pass: t.pass + r.pass, fail: t.fail + r.fail, pending: t.pending + r.pending }), { pass: 0, fail: 0, pending: 0 });
const width = Math.max(...rows.map((r) => r.suite.length), 5);
console.log(`\nApache CouchDB 3.4.3 — ${target}`);
console.log(`| ${'suite'.padEnd(width)} | pass | fail | pending |`);
console.log(`|${'-'.repeat(width + 2)}|-----:|-----:|--------:|`);
for (const r of [...rows, { suite: 'total', ...total }]) console.log(`| ${r.suite.padEnd(width)} | ${String(r.pass).padStart(4)} | ${String(r.fail).padStart(4)} | ${String(r.pending).padStart(7)} |`);
for (const suite of report.testResults) {
  for (const a of suite.assertionResults.filter((x) => x.status === 'failed')) console.log(`FAIL ${relative(process.cwd(), suite.name)} › ${a.fullName}\n  ${String(a.failureMessages?.[0] ?? '').split('\n')[0]}`);
}

import { customerFacts, segmentCustomers } from '../../../sync-server/value/segments';
import { loadRules, loadSegments, withLedger } from './value-common';

/**
 * `jingwei value segments`, alone in its module: a user waits for the whole process, so this path loads the ledger,
 * the rules and the segment evaluation and nothing of the other value subcommands (QR codes, signing, HTTP).
 */
export const runSegments = (o: Record<string, string>): number =>
  withLedger(o.data!, (db) => {
    const rs = loadSegments(o.segments);
    const started = performance.now();
    const facts = customerFacts(db, o.date!, loadRules(o.rules));
    const read = performance.now();
    const r = segmentCustomers({ ...facts, asOf: o.date!, rules: rs, branch: o.branch, counts: true });
    const factSecs = (read - started) / 1000;
    const secs = (performance.now() - read) / 1000;
    console.log(`客群评估（规则第 ${r.rulesVersion} 版，截至 ${r.asOf}，月日均取 ${r.month}）：${r.evaluated} 位客户，读取台账 ${factSecs.toFixed(2)} 秒，评估 ${secs.toFixed(2)} 秒`);
    for (const s of rs.segments) console.log(`  客群 ${s.name}（${s.code}）：${r.bySegment[s.code]} 位`);
    for (const f of rs.offers) console.log(`  首推 ${f.title}（${f.code}）：${r.byOffer[f.code]} 位`);
    console.log(`segmented ${r.evaluated} customers in ${secs.toFixed(3)} s (facts read from the ledger in ${factSecs.toFixed(3)} s)`);
    });

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { addDays, isIsoDate } from '../../../domain/credit/dates';
import { DEFAULT_DISPATCH_RULES } from '../../../domain/post-loan/dispatch';
import { FEED_KIND_NAMES, FEED_KINDS } from '../../../domain/post-loan/feed-formats';
import { createPortfolio, nextDay, repaymentsFile } from '../../../domain/post-loan/feed-generator';
import { runDailyScan } from '../../../sync-server/feeds/daily-scan';
import { FeedRefusal, importFeed, openLedger } from '../../../sync-server/feeds/feed-ledger';
import { publishToBranches } from '../../../sync-server/feeds/publish';
import { feedPublisherTarget } from '../feed-publisher-user';
import { collectionChannels, openCollection, runCallback, runContacts } from './feed-collection';
import { publishedQuietHours } from '../../../sync-server/outbox/published-quiet-hours';
import { CouchHttpError } from '../../../sync-server/identity/couch';
import { parseOptions } from '../args';
import { dispatchSubcommand, type CliCommand } from '../command';

const isoDate = z.string().refine(isIsoDate, '应为有效日期 YYYY-MM-DD');

const USAGE = [
  'jingwei feed import --data DIR --kind loans|repayments|deposits|events --date YYYY-MM-DD FILE',
  'jingwei feed scan --data DIR --date YYYY-MM-DD',
  'jingwei feed publish --data DIR --remote URL --date YYYY-MM-DD [--branches HM01,HM02] [--messages FILE]',
  'jingwei feed contacts --data DIR FILE',
  'jingwei feed callback --data DIR [--host 127.0.0.1] [--port 0]',
  'jingwei feed generate --out DIR --start YYYY-MM-DD [--days 3] [--loans 5000] [--branches HM01,HM02] [--seed 1] [--repayments N]',
  '',
  '  import    导入核心系统T+1文件到总行台账：整个文件要么全部生效，要么全部拒绝；重复文件（相同摘要或同种类同日期）',
  '            和早于已导入日期的文件被拒绝；每个错误行给出行号、字段和规则。格式见 docs/feeds.md',
  '            Applies one core-banking T+1 file to head office\'s feed ledger completely or not at all (docs/feeds.md).',
  '  scan      日终风险扫描：五级分类、贷后预警、风险事件与派单、自动结案、超时升级',
  '            Daily scan: classification, early warning, risk events, dispatch, auto-close, escalation.',
  '  publish   经 CouchDB HTTP 接口把各支行变化的贷款状态、风险事件、客户上月存款日均与贷款文件日期写入支行库，并读回支行的处置记录',
  '            （用户须有 feed-publisher 角色；用户名密码来自 JINGWEI_FEED_USER / JINGWEI_FEED_PASSWORD）',
  '            Writes each branch\'s changed loan states and risk events over the CouchDB HTTP API and reads its risk actions back.',
  '            支行群发的催收话术进入总行发件箱（<data>/outbox.sqlite），按免打扰时段与退订发送：配置了企业微信',
  '            （JINGWEI_WECOM_CORP_ID / _SECRET / _AGENT_ID）经企业微信，否则写入 --messages 文件或控制台；客户回复写回支行。',
  '            Collection messages go through head office\'s outbox: WeCom when configured, else --messages FILE or the console.',
  '  contacts  导入企业微信外部联系人导出（id_no,external_userid,follow_user），催收消息据此找到客户 WeCom contact list.',
  '  callback  企业微信回调地址 /wecom/callback（Token 来自 JINGWEI_WECOM_TOKEN），记录客户回复，「退订」即退订',
  '            Serves WeCom\'s callback URL: customers\' replies are recorded against their events.',
  '  generate  生成逼真的测试文件（每天四个文件：<date>-loans.csv 等）Realistic test files, four a day.',
  '',
  '  --data DIR  总行台账目录（feed-ledger.sqlite）head office\'s feed ledger folder',
  '退出码 Exit codes: 0 完成 done, 1 文件被拒绝 file refused, 2 参数错误 bad arguments',
].join('\n');

const importSchema = z.object({ data: z.string().min(1), kind: z.enum(FEED_KINDS), date: isoDate });
const scanSchema = z.object({ data: z.string().min(1), date: isoDate });
const publishSchema = z.object({
  data: z.string().min(1),
  remote: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }),
  date: isoDate,
  branches: z.string().regex(/^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/).optional(),
  messages: z.string().min(1).optional(),
});
const generateSchema = z.object({
  out: z.string().min(1),
  start: isoDate,
  days: z.coerce.number().int().min(1).max(400).default(3),
  loans: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  branches: z.string().regex(/^[A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*$/).default('HM01'),
  seed: z.coerce.number().int().default(1),
  repayments: z.coerce.number().int().min(1).max(10_000_000).optional(),
});

/** CPU seconds since `from`: on a shared, loaded machine the wall clock says more about the neighbours. */
const cpuSecs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

function runImport(argv: string[]): number {
  const parsed = parseOptions(argv, importSchema, { data: { type: 'string' }, kind: { type: 'string' }, date: { type: 'string' } });
  if (!parsed) return 2;
  const file = parsed.positionals[0];
  if (parsed.positionals.length !== 1 || !file) {
    console.error(`需要且只需要一个文件 exactly one FILE is needed\n\n${USAGE}`);
    return 2;
  }
  const { data, kind, date } = parsed.options;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    console.error(`无法读取文件 ${file}：${(err as Error).message}`);
    return 2;
  }
  const db = openLedger(resolve(data));
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const done = importFeed(db, { kind, date, bytes, now: () => new Date() });
    const secs = (performance.now() - started) / 1000;
    console.log(`已导入 ${FEED_KIND_NAMES[kind]} ${date}：${done.lines} 行（${done.encoding}，摘要 ${done.digest.slice(0, 16)}…），用时 ${secs.toFixed(2)} 秒`);
    console.log(`imported ${kind} ${date}: ${done.lines} lines in ${secs.toFixed(3)} s (${Math.round(done.lines / secs)} lines/s), cpu ${cpuSecs(cpu).toFixed(3)} s`);
    return 0;
  } catch (err) {
    if (!(err instanceof FeedRefusal)) throw err;
    console.error(`拒绝导入 refused: ${err.messageZh}`);
    for (const p of err.problems) console.error(`  ${p.messageZh}`);
    if (err.problemCount > err.problems.length) console.error(`  ……另有 ${err.problemCount - err.problems.length} 处错误未列出`);
    return 1;
  } finally {
    db.close();
  }
}

function runScan(argv: string[]): number {
  const parsed = parseOptions(argv, scanSchema, { data: { type: 'string' }, date: { type: 'string' } });
  if (!parsed) return 2;
  const db = openLedger(resolve(parsed.options.data));
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const s = runDailyScan(db, { date: parsed.options.date, dispatch: DEFAULT_DISPATCH_RULES, now: () => new Date() });
    const secs = (performance.now() - started) / 1000;
    console.log(
      `扫描 ${s.date}：${s.loans} 笔贷款，新风险事件 ${s.raised} 件（逾期 ${s.byCause.overdue}、预警 ${s.byCause.warning}、下调 ${s.byCause.downgrade}），` +
        `自动结案 ${s.closed} 件，超时升级 ${s.escalated} 件，用时 ${secs.toFixed(2)} 秒`,
    );
    console.log(`scanned ${s.loans} loans in ${secs.toFixed(3)} s, cpu ${cpuSecs(cpu).toFixed(3)} s: raised ${s.raised}, closed ${s.closed}, escalated ${s.escalated}`);
    return 0;
  } catch (err) {
    console.error(`扫描失败 scan failed: ${(err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

function runGenerate(argv: string[]): number {
  const parsed = parseOptions(argv, generateSchema, {
    out: { type: 'string' },
    start: { type: 'string' },
    days: { type: 'string' },
    loans: { type: 'string' },
    branches: { type: 'string' },
    seed: { type: 'string' },
    repayments: { type: 'string' },
  });
  if (!parsed) return 2;
  const o = parsed.options;
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const branches = o.branches.split(',').map((code) => ({ code, managers: ['M001', 'M002', 'M003'] }));
  const portfolio = createPortfolio({ seed: o.seed, loans: o.loans, branches, startDate: o.start });
  for (let d = 0; d < o.days; d++) {
    const day = nextDay(portfolio, addDays(o.start, d));
    for (const kind of FEED_KINDS) writeFileSync(join(out, `${day.date}-${kind}.csv`), day.files[kind]);
  }
  if (o.repayments) {
    const date = addDays(o.start, o.days);
    writeFileSync(join(out, `${date}-repayments.csv`), repaymentsFile(portfolio, date, o.repayments));
  }
  console.log(`已生成 ${o.days} 天的文件到 ${out} generated ${o.days} days of files`);
  return 0;
}

async function runPublish(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, publishSchema, {
    data: { type: 'string' }, remote: { type: 'string' }, date: { type: 'string' }, branches: { type: 'string' }, messages: { type: 'string' },
  });
  if (!parsed) return 2;
  const target = feedPublisherTarget(parsed.options.remote);
  if (!target) return 2;
  // Collection messages wait out the quiet hours head office published with its scripts (the branches show the same).
  let published;
  try {
    published = await publishedQuietHours(target);
  } catch (err) {
    // A head office set up before the feed publisher could read `reference`: `jingwei couchdb-setup` updates its _security.
    const hint = err instanceof CouchHttpError && err.status === 403 ? '（请重新运行 jingwei couchdb-setup 以允许 feed-publisher 读取 reference 库 rerun couchdb-setup）' : '';
    console.error(`读取总行催收话术失败 cannot read the published collection scripts: ${(err as Error).message}${hint}`);
    return 1;
  }
  const db = openLedger(resolve(parsed.options.data));
  const collection = openCollection(resolve(parsed.options.data), published.quietHours);
  console.log(`催收免打扰时段 ${published.quietHours.from}–${published.quietHours.to}（第${published.version}版话术）quiet hours from the published scripts v${published.version}`);
  try {
    const results = await publishToBranches(db, {
      target,
      branches: parsed.options.branches?.split(','),
      date: parsed.options.date,
      collection: collection.desk,
    });
    for (const r of results) {
      const m = r.messages;
      console.log(
        `${r.branch}：读回处置记录 ${r.actionsRead} 条（结案 ${r.closedByStaff} 件），写入 ${r.written} 个文档，${(r.bytes / 1024).toFixed(1)} KB（gzip ${(r.gzipBytes / 1024).toFixed(1)} KB）；` +
          `催收消息入发件箱 ${m.enqueued} 条，客户已退订 ${m.optedOut} 条，无企业微信联系人 ${m.noContact} 条，登记退订 ${m.optOuts} 人 ` +
          `${r.branch}: ${r.actionsRead} actions read, ${r.written} documents written, ${r.bytes} bytes (gzip ${r.gzipBytes}); messages queued ${m.enqueued}`,
      );
    }
    const sent = await collection.outbox.drain(collectionChannels(parsed.options.messages));
    console.log(`发件箱：发送 ${sent.sent} 条，失败 ${sent.failed} 条，稍后重试 ${sent.deferred} 条，已退订不发 ${sent.suppressed} 条 outbox: ${sent.sent} sent`);
    return 0;
  } catch (err) {
    console.error(`发布失败 publish failed: ${(err as Error).message}`);
    return 1;
  } finally {
    collection.outbox.close();
    db.close();
  }
}

const SUBCOMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  import: runImport, scan: runScan, publish: runPublish, generate: runGenerate, contacts: runContacts, callback: runCallback,
};

export const feedCommand: CliCommand = {
  usage: USAGE,
  run: (argv) => dispatchSubcommand(argv, SUBCOMMANDS, USAGE),
};

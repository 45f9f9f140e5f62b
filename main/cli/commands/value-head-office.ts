import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import QRCode from 'qrcode';
import { CROSS_SELL_PRODUCTS, TASK_KINDS } from '../../../domain/value/marketing-task';
import { PARTNER_KIND_NAMES, partnerQrText, payoutCsv, commissionRulesSchema, DEFAULT_COMMISSION_RULES, type PartnerKind } from '../../../domain/value/partners';
import { OFFER_CHANNELS } from '../../../domain/value/segment-rules';
import { CONVERSION_WINDOW_DAYS } from '../../../domain/value/value-dashboard';
import { openLedger } from '../../../sync-server/feeds/feed-ledger';
import { AssignRefusal, assignFromHeadOffice } from '../../../sync-server/value/assign-tasks';
import { branchConversion } from '../../../sync-server/value/conversion';
import { branchCommission, enrolPartner } from '../../../sync-server/value/partners';
import { ValueRefusal } from '../../../sync-server/value/points-ledger';
import { publishCustomerValues } from '../../../sync-server/value/publish-value';
import { branchTaskBoards } from '../../../sync-server/value/task-board';
import { loadHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import type { SigningKey } from '../../../trust/signature';
import { feedPublisherTarget } from '../feed-publisher-user';
import { by, fen, loadRuleFile, loadRules, loadSegments, withLedgerAsync } from './value-common';

/**
 * The `jingwei value` subcommands that talk to head office's CouchDB server, sign or draw QR codes (publish,
 * partner, commission, conversion, board, assign): loaded only when one of them runs.
 */

/** Head office's signing key from its keys folder, or null (said on the console). */
function headOfficeSigner(dir: string): SigningKey | null {
  try {
    return signerOf(loadHeadOfficeKeys(join(resolve(dir), 'head-office-keys.json')));
  } catch (err) {
    console.error(`无法读取总行密钥 cannot read head office's keys: ${(err as Error).message}`);
    return null;
  }
}

export async function runPublish(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  const signer = headOfficeSigner(o.keys!);
  if (!signer) return 2;
  const db = openLedger(resolve(o.data!));
  try {
    // Rules first: a file that does not parse refuses the publish before anything is written.
    const ruleSets = { rules: loadRules(o.rules), segments: loadSegments(o.segments) };
    const results = await publishCustomerValues(db, {
      target,
      date: o.date!, ...ruleSets, signer, branches: o.branches?.split(','),
    });
    for (const r of results) {
      console.log(`${r.branch}：${r.customers} 位客户（贵宾 ${r.vips} 位，有推荐产品 ${r.offers} 位），写入 ${r.written} 个文档（gzip ${(r.gzipBytes / 1024).toFixed(1)} KB） ${r.branch}: ${r.customers} customers, ${r.written} documents written`);
    }
    return 0;
  } catch (err) {
    console.error(`发布失败 publish failed: ${err instanceof ValueRefusal ? err.messageZh : (err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

export function runPartner(o: Record<string, string>): Promise<number> {
  return withLedgerAsync(o.data!, async (db) => {
    const p = enrolPartner(db, { branch: o.branch!, name: o.name!, kind: o.kind as PartnerKind, phone: o.phone!, now: new Date(), by: by() });
    const text = partnerQrText(p.code);
    if (o.qr) {
      if (o.qr.toLowerCase().endsWith('.png')) await QRCode.toFile(o.qr, text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
      else writeFileSync(o.qr, await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    }
    console.log(`已登记合伙人 ${p.name}（${PARTNER_KIND_NAMES[p.kind]}，${p.branch}）：推荐码 ${p.code}${o.qr ? `，推荐二维码 ${o.qr}` : ''}`);
    console.log(`enrolled partner ${p.code} (${p.kind}, ${p.branch}); QR text ${text}`);
  });
}

export async function runCommission(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  const signer = headOfficeSigner(o.keys!);
  if (!target || !signer) return 2;
  return withLedgerAsync(o.data!, async (db) => {
    const rules = loadRuleFile(o.commission, commissionRulesSchema, DEFAULT_COMMISSION_RULES);
    const statements = await branchCommission(db, { target, month: o.month!, rules, branches: o.branches!.split(','), signer });
    for (const st of statements) {
      console.log(`${st.branch} ${st.month} 合伙人佣金对账单（佣金规则第 ${st.rulesVersion} 版）：合伙人 ${st.partners} 位，有效合伙人 ${st.effectivePartners} 位，佣金合计 ${fen(st.totalFen)}`);
      st.lines.forEach((l, i) => {
        console.log(`  ${i + 1}. ${l.code} ${l.name}（${PARTNER_KIND_NAMES[l.kind]}${l.effective ? '，有效' : ''}）：推荐申请 ${l.applications} 笔（已提交 ${l.submitted} 笔），推荐客户放款 ${l.loans} 笔 ${fen(l.loanPrincipalFen)}，佣金 ${fen(l.commissionFen)}${l.loanAccounts.length ? `（贷款账号 ${l.loanAccounts.join('、')}）` : ''}`);
      });
      console.log(`${st.branch} ${st.month}: ${st.partners} partners, ${st.effectivePartners} effective, commission ${(st.totalFen / 100).toFixed(2)} yuan; statement ${st.written ? 'written to the branch' : 'unchanged'}`);
    }
    if (o.payout) {
      writeFileSync(o.payout, statements.map((st, i) => (i === 0 ? payoutCsv(st) : payoutCsv(st).split('\n').slice(1).join('\n'))).join(''));
      console.log(`代发文件 payout file: ${o.payout}`);
    }
  });
}

const CHANNEL_NAMES = { desk: '柜面', kiosk: '取号小票', task: '营销任务' } as const;

export async function runConversion(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  const db = openLedger(resolve(o.data!));
  try {
    const segs = loadSegments(o.segments);
    const results = await branchConversion(db, {
      target,
      date: o.date!, rules: loadRules(o.rules), segments: segs, branches: o.branches!.split(','),
    });
    const titles = new Map(segs.offers.map((f) => [f.code, f.title]));
    const tracked = new Set(segs.offers.filter((f) => f.opens).map((f) => f.code));
    const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
    for (const r of results) {
      console.log(`${r.branch}：精准营销转化（截至 ${o.date}，客户答复 ${r.answers} 笔；接受后 ${CONVERSION_WINDOW_DAYS} 天内开立所推荐产品计为开户） ${r.branch}: offer conversion to product opened, ${r.answers} answers`);
      for (const l of r.lines) {
        const opens = tracked.has(l.offer) || l.tracked;
        const channels = OFFER_CHANNELS.map((c) => {
          const ch = l.byChannel[c];
          return `${CHANNEL_NAMES[c]} 答复 ${ch.shown} 接受 ${ch.accepted} 暂不需要 ${ch.declined}${opens ? ` 开户 ${ch.opened}` : ''}`;
        }).join('；');
        const opened = opens ? `开户 ${l.opened} 位（开户率 ${pct(l.openedBp)}）` : '开户 不追踪';
        console.log(`  客群 ${l.segment} 推荐「${titles.get(l.offer) ?? l.offer}」（${l.offer}）：推荐 ${l.offered} 位，接受 ${l.accepted} 位，转化率 ${pct(l.conversionBp)}，${opened}；${channels}`);
      }
    }
    return 0;
  } catch (err) {
    console.error(`读取失败 conversion failed: ${err instanceof ValueRefusal ? err.messageZh : (err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

export async function runBoard(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  try {
    for (const b of await branchTaskBoards({ target, date: o.date!, branches: o.branches!.split(',') })) {
      const line = (l: typeof b.total) => `任务 ${l.tasks}，完成 ${l.done}（${(l.doneBp / 100).toFixed(1)}%），有意向 ${l.interested}，逾期 ${l.overdue}`;
      console.log(`${b.branch}：营销任务看板（截至 ${o.date}）${line(b.total)} ${b.branch}: marketing task board`);
      for (const l of b.lines) console.log(`  ${l.grid} ${l.assigneeName}（${l.assignee}）：${line(l)}`);
      const cover = (c: typeof b.coverage.total) =>
        `覆盖率 ${(c.coverageBp / 100).toFixed(1)}%（客户 ${c.reached.customer}/${c.inGrid.customer}，农户 ${c.reached.household}/${c.inGrid.household}，商户 ${c.reached.merchant}/${c.inGrid.merchant}）`;
      console.log(`${b.branch}：网格覆盖 ${cover(b.coverage.total)} grid coverage`);
      for (const g of b.coverage.grids) console.log(`  ${g.grid}：${cover(g)}`);
    }
    return 0;
  } catch (err) {
    console.error(`读取失败 board failed: ${(err as Error).message}`);
    return 1;
  }
}

export async function runAssign(o: Record<string, string>): Promise<number> {
  const target = feedPublisherTarget(o.remote!);
  if (!target) return 2;
  try {
    const { created } = await assignFromHeadOffice(target, {
      branch: o.branch!, grid: o.grid!, assignee: o.assignee!, kind: o.kind as (typeof TASK_KINDS)[number], due: o.due!, count: Number(o.count ?? 20), note: o.note ?? '',
      ...(o.product ? { product: o.product as (typeof CROSS_SELL_PRODUCTS)[number] } : {}), now: new Date(),
    });
    const first = created[0]!;
    console.log(`已派发 ${created.length} 项营销任务给 ${first.assigneeName}（${first.assignee}），网格 ${first.grid}，期限 ${first.due}：${created.map((t) => t.target.name).join('、')}`);
    console.log(`assigned ${created.length} tasks to ${first.assignee} in ${o.branch} grid ${first.grid}`);
    return 0;
  } catch (err) {
    console.error(err instanceof AssignRefusal ? `拒绝 refused: ${err.message}` : `派发失败 assign failed: ${(err as Error).message}`);
    return 1;
  }
}

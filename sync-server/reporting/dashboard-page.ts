import { formatYuan, type Fen } from '../../domain/money/fen';
import type { BranchFigures, SharedCustomer } from './reporting-store';

const escape = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number) => escape(formatYuan(fen as Fen));
const APP_STATES: Record<string, string> = { draft: '草稿', submitted: '已提交', approved: '已审批', rejected: '已拒绝', signed: '已签约', disbursed: '已放款' };

/** A masked ID number: head office sees who is filed twice without the page showing whole ID numbers. */
const maskId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

/**
 * 总行跨网点看板 — the head-office cross-branch dashboard, rendered on the server from the reporting store (no
 * script; the page reloads itself every few seconds). Chinese first, English second.
 */
export function dashboardPage(board: BranchFigures[], shared: SharedCustomer[], opts: { today: string; refreshSeconds: number; generatedAt: string }): string {
  const rows = board
    .map((b) => {
      const apps = Object.entries(b.applications).map(([s, n]) => `${escape(APP_STATES[s] ?? s)} ${n}`).join('，') || '—';
      return `<tr data-branch="${escape(b.branch)}">
  <th scope="row">${escape(b.branch)}</th>
  <td data-k="customers">${b.customers}</td>
  <td data-k="applications">${apps}</td>
  <td data-k="requested" class="num">${yuan(b.requestedFen)}</td>
  <td data-k="loans">${b.activeLoans}</td>
  <td data-k="balance" class="num">${yuan(b.loanBalanceFen)}</td>
  <td data-k="households">${b.households}（${b.villages} 个村）</td>
  <td data-k="pre-credit" class="num">${yuan(b.preCreditFen)}</td>
  <td data-k="risk">${b.openRiskEvents}（风险中心 ${b.riskCentreEvents}）</td>
  <td data-k="overdue" class="num">${yuan(b.overdueFen)}</td>
  <td data-k="queue">${b.ticketsToday}（等候 ${b.waitingNow}）</td>
</tr>`;
    })
    .join('\n');
  const sharedRows = shared
    .map((s) => `<tr data-id="${escape(maskId(s.idNumber))}"><td>${escape(maskId(s.idNumber))}</td><td>${s.places.map((p) => `${escape(p.branch)}：${escape(p.name)}`).join('；')}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="${opts.refreshSeconds}">
<title>总行跨网点看板 Head-office dashboard</title>
<style>
body{font:14px/1.5 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2937}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d1d5db;padding:6px 8px;text-align:left}
thead th{background:#f3f4f6}.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#6b7280}
</style></head><body>
<h1>总行跨网点看板 <span class="muted">Head-office cross-branch dashboard</span></h1>
<p class="muted">数据日期 ${escape(opts.today)} · 更新于 ${escape(opts.generatedAt)} · 每 ${opts.refreshSeconds} 秒刷新</p>
<table id="branches"><thead><tr>
<th>网点 Branch</th><th>客户</th><th>贷款申请</th><th>申请金额（元）</th><th>在贷笔数</th><th>贷款余额（元）</th>
<th>整村授信农户</th><th>预授信额度（元）</th><th>未结风险事件</th><th>逾期金额（元）</th><th>今日排队</th>
</tr></thead><tbody>
${rows || '<tr><td colspan="11">尚无网点数据 No branch has reported yet</td></tr>'}
</tbody></table>
<h2>多网点同证件客户 <span class="muted">Customers filed in more than one branch</span></h2>
<table id="shared"><thead><tr><th>证件号码</th><th>所在网点</th></tr></thead><tbody>
${sharedRows || '<tr><td colspan="2">无 None</td></tr>'}
</tbody></table>
</body></html>
`;
}

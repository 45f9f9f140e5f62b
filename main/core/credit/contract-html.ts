import { formatBpAsPercent, formatYuan } from '../../../domain/credit/money-format';
import { PRODUCTS } from '../../../domain/credit/products';
import { REPAYMENT_METHOD_NAMES } from '../../../domain/credit/schedule';
import type { ApplicationDoc } from './credit.docs';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The loan contract as a self-contained printable page (no scripts, no external resources), in the form a
 * branch prints for the customer's file. The terms shown are exactly those the e-signature is bound to.
 */
export function contractHtml(app: ApplicationDoc, branchName: string): string {
  const c = app.contract;
  if (!c) throw new Error('no contract generated');
  const product = PRODUCTS[app.productCode];
  const rows = c.instalments
    .map((i) => `<tr><td>${i.n}</td><td>${i.dueDate}</td><td>${formatYuan(i.paymentFen)}</td><td>${formatYuan(i.principalFen)}</td><td>${formatYuan(i.interestFen)}</td><td>${formatYuan(i.remainingFen)}</td></tr>`)
    .join('');
  const plan = c.instalments.length
    ? `<table><thead><tr><th>期数</th><th>还款日</th><th>应还(元)</th><th>本金(元)</th><th>利息(元)</th><th>剩余本金(元)</th></tr></thead><tbody>${rows}</tbody>
       <tfoot><tr><td colspan="2">合计</td><td>${formatYuan(c.totals!.paymentFen)}</td><td>${formatYuan(c.totals!.principalFen)}</td><td>${formatYuan(c.totals!.interestFen)}</td><td></td></tr></tfoot></table>`
    : '<p>随借随还：按实际用款余额按日计息（日利率＝年利率÷360），按月结息，到期一次还清本金。</p>';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(product.nameZh)}借款合同 ${esc(c.no)}</title>
<style>body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;margin:32px;color:#111;font-size:14px}h1{text-align:center;font-size:22px;letter-spacing:.2em}
table{border-collapse:collapse;width:100%;margin:12px 0}td,th{border:1px solid #444;padding:3px 6px;text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:center}
dl{display:grid;grid-template-columns:9em 1fr;gap:4px 12px}dt{color:#444}dd{margin:0}.sign{display:flex;justify-content:space-between;margin-top:40px}@media print{body{margin:12mm}}</style></head>
<body><h1>${esc(product.nameZh)}借款合同</h1><p style="text-align:right">合同编号：${esc(c.no)}</p>
<dl><dt>贷款人</dt><dd>${esc(branchName)}</dd><dt>借款人</dt><dd>${esc(app.customerName)}</dd>
<dt>借款金额</dt><dd>人民币 ${formatYuan(c.principalFen)} 元</dd><dt>借款期限</dt><dd>${c.termMonths} 个月（${c.startDate} 至 ${c.maturityDate}）</dd>
<dt>执行年利率</dt><dd>${formatBpAsPercent(c.rateBp)}（贷款市场报价利率 ${formatBpAsPercent(c.lprBp)} 加 ${c.spreadBp} 个基点）</dd>
<dt>还款方式</dt><dd>${REPAYMENT_METHOD_NAMES[c.method].zh}</dd><dt>合同摘要</dt><dd style="font-family:monospace;font-size:11px;word-break:break-all">${esc(c.digest)}</dd></dl>
<h2 style="font-size:16px">还款计划</h2>${plan}
<div class="sign"><div>贷款人（盖章）：</div><div>借款人（签字）：</div></div></body></html>`;
}

import * as echarts from 'echarts';
import { formatBpAsPercent } from '../../domain/credit/money-format';
import { CLASSIFICATIONS } from '../../domain/credit/rules/fields';
import type { LoanStateDoc, RiskEventDoc } from '../../domain/post-loan/post-loan-docs';
import { riskDashboard, type RiskDashboard } from '../../domain/post-loan/risk-dashboard';
import { formatYuan, type Fen } from '../../domain/money/fen';
import { translate, type Lang } from '../../i18n/translate';
import { escape, frame, langLink, text } from './dashboard-page';
import type { ReportingStore } from './reporting-store';

/**
 * 总行贷后风险看板: the risk dashboard (domain/post-loan/risk-dashboard.ts) over every branch's published loan states
 * and risk events as the reporting store holds them — all branches together, then one row per branch. Charts are
 * drawn on the server as SVG (echarts' server-side rendering): the page runs no script.
 */
export interface HeadOfficeRisk {
  all: RiskDashboard;
  branches: { branch: string; dashboard: RiskDashboard }[];
}

export function headOfficeRisk(store: ReportingStore, today: string): HeadOfficeRisk {
  const loans = store.docsOfType<LoanStateDoc>('loan-state');
  const events = store.docsOfType<RiskEventDoc>('risk-event');
  const branches = [...new Set([...loans, ...events].map((d) => d.branch))].sort();
  return {
    all: riskDashboard(loans.map((l) => l.doc), events.map((e) => e.doc), today),
    branches: branches.map((branch) => ({
      branch,
      dashboard: riskDashboard(loans.filter((l) => l.branch === branch).map((l) => l.doc), events.filter((e) => e.branch === branch).map((e) => e.doc), today),
    })),
  };
}

const yuan = (fen: number) => escape(formatYuan(fen as Fen));
const pct = (bp: number) => escape(formatBpAsPercent(bp));
const CLASS_COLORS = ['#1c7a44', '#d99a1e', '#e0662a', '#b42318', '#5b1a14'];

/** An echarts chart drawn on the server as SVG: the pages run no script. */
export function svgChart(option: echarts.EChartsCoreOption, width = 720, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function trendChart(d: RiskDashboard, lang: Lang): string {
  const classes = CLASSIFICATIONS.map((c) => translate(`credit.classification.${c}`, {}, lang));
  const npl = translate('risk.dash.npl', {}, lang);
  return svgChart({
    legend: { top: 0, data: [...classes, npl] },
    grid: { left: 64, right: 56, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: d.months.map((m) => m.month) },
    yAxis: [{ type: 'value', name: translate('credit.ui.wanYuan', {}, lang) }, { type: 'value', axisLabel: { formatter: '{value}%' } }],
    series: [
      ...CLASSIFICATIONS.map((c, i) => ({
        name: classes[i], type: 'bar', stack: 'balance', data: d.months.map((m) => Math.round(m.byClass[c].balanceFen / 10_000) / 100), itemStyle: { color: CLASS_COLORS[i] },
      })),
      { name: npl, type: 'line', yAxisIndex: 1, data: d.months.map((m) => m.nplBp / 100), itemStyle: { color: '#1f6fb8' } },
    ],
  });
}

function ageChart(d: RiskDashboard, lang: Lang): string {
  const queues = (['branch', 'risk'] as const).map((q) => translate(`risk.queue.${q}`, {}, lang));
  return svgChart({
    legend: { top: 0, data: queues },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: d.events.byAge.map((b) => translate(`risk.dash.age.${b.bucket}`, {}, lang)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['branch', 'risk'] as const).map((q, i) => ({
      name: queues[i], type: 'bar', stack: 'events', data: d.events.byAge.map((b) => b[q]), itemStyle: { color: ['#1f6fb8', '#b42318'][i] },
    })),
  });
}

function migrationTable(d: RiskDashboard, lang: Lang): string {
  const m = d.migrations.at(-1);
  if (!m) return `<p class="muted">${text(lang, 'risk.dash.noMigration')}</p>`;
  const name = (c: string) => text(lang, `credit.classification.${c}`);
  return `<p class="muted">${escape(`${m.from} → ${m.to}`)}：${text(lang, 'risk.dash.migrationSummary', { down: m.downgraded, up: m.upgraded })}</p>
<table id="migration"><thead><tr><th>${text(lang, 'risk.dash.fromTo')}</th>${CLASSIFICATIONS.map((c) => `<th class="num">${name(c)}</th>`).join('')}</tr></thead><tbody>
${CLASSIFICATIONS.map((from) => `<tr><th scope="row">${name(from)}</th>${CLASSIFICATIONS.map((to) => `<td class="num" data-from="${from}" data-to="${to}">${m.cells[from][to].loans}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

export function riskDashboardPage(risk: HeadOfficeRisk, opts: { today: string; lang: Lang; viewer: string }): string {
  const { lang } = opts;
  const { all } = risk;
  const branchRows = risk.branches
    .map(({ branch, dashboard: d }) => `<tr data-branch="${escape(branch)}"><th scope="row">${escape(branch)}</th>
<td class="num">${d.loans}</td><td class="num">${yuan(d.balanceFen)}</td><td class="num" data-k="overdue">${pct(d.overdueBp)}</td>
<td class="num" data-k="npl">${pct(d.nplBp)}</td><td class="num">${yuan(d.nplFen)}</td><td class="num">${d.events.open}</td><td class="num">${d.events.pastDeadline}</td></tr>`)
    .join('\n');
  const cols = ['branch', 'loansCol', 'balance', 'overdueRate', 'nplRatio', 'nplFen', 'openEvents', 'pastDeadlineCol'];
  return frame(
    lang,
    text(lang, 'report.risk.title'),
    `<header><h1>${text(lang, 'report.risk.title')}</h1>
<nav><a href="/">${text(lang, 'report.title')}</a> · <a href="/risk/events">${text(lang, 'report.centre.link')}</a> · <span id="viewer">${text(lang, 'report.signedInAs', { name: opts.viewer })}</span> · ${langLink(lang, '/risk')} ·
<form class="inline" method="post" action="/logout"><button type="submit">${text(lang, 'report.signOut')}</button></form></nav></header>
<p class="muted">${text(lang, 'risk.dash.note', { date: opts.today })}</p>
<table id="risk-total"><tbody>
<tr><th>${text(lang, 'risk.dash.balance')}</th><td class="num">${yuan(all.balanceFen)}</td><th>${text(lang, 'risk.dash.overdueRate')}</th><td class="num" id="overdue-rate">${pct(all.overdueBp)}</td></tr>
<tr><th>${text(lang, 'risk.dash.nplRatio')}</th><td class="num" id="npl-ratio">${pct(all.nplBp)}</td><th>${text(lang, 'risk.dash.openEvents')}</th><td class="num">${all.events.open}（${text(lang, 'risk.dash.pastDeadline', { n: all.events.pastDeadline })}）</td></tr>
</tbody></table>
<h2>${text(lang, 'report.risk.byBranch')}</h2>
<table id="risk-branches"><thead><tr>${cols.map((c) => `<th>${text(lang, c === 'branch' ? 'report.col.branch' : c === 'pastDeadlineCol' ? 'report.risk.pastDeadline' : `risk.dash.${c}`)}</th>`).join('')}</tr></thead><tbody>
${branchRows || `<tr><td colspan="${cols.length}">${text(lang, 'report.noBranches')}</td></tr>`}
</tbody></table>
<h2>${text(lang, 'risk.dash.trend')}</h2>
<figure id="trend">${trendChart(all, lang)}</figure>
<h2>${text(lang, 'risk.dash.migration')}</h2>
${migrationTable(all, lang)}
<h2>${text(lang, 'risk.dash.byAge')}</h2>
<figure id="ages">${ageChart(all, lang)}</figure>`,
  );
}

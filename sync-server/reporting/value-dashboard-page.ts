import type { Database } from '../../db/sqlite';
import { customerValueContent, offerResponseFields } from '../../domain/value/customer-value-doc';
import { marketingTaskSchema, type MarketingTaskDoc } from '../../domain/value/marketing-task';
import { partnerStatementContent } from '../../domain/value/partners';
import { OFFER_CHANNELS } from '../../domain/value/segment-rules';
import { valueDashboard, type OfferAnswerAt, type PointsFlows, type ProductOpening, type PublishedValue, type ValueDashboard } from '../../domain/value/value-dashboard';
import { TIER_CODES } from '../../domain/value/value-rules';
import { z } from 'zod';
import type { Lang } from '../../i18n/translate';
import { translate } from '../../i18n/translate';
import { escape, frame, langLink, text } from './dashboard-page';
import type { ReportingStore } from './reporting-store';
import { svgChart } from './risk-dashboard-page';
import { productOpenings } from '../value/openings';
import { pointsFlows } from '../value/points-flows';

/**
 * 总行精微看板 (`/value`): the customer-value dashboard of every branch and of all together, counted by the same
 * valueDashboard() as the branch's desk, over the documents the reporting store followed from each branch database
 * (which head office's server accepted: tiers, offers, accounts and statements only from head office's own writers);
 * the points ledger's flows from head office's feed ledger when the server has it.
 */
export interface HeadOfficeValue {
  date: string;
  all: ValueDashboard;
  branches: { branch: string; dashboard: ValueDashboard }[];
  /** Points moved per month over the bank (the ledger is one, customers are not split by branch); null without a ledger. */
  points: ({ month: string } & PointsFlows)[] | null;
}

const answerSchema = z.looseObject(offerResponseFields);
const parsed = <T>(schema: z.ZodType<T>, docs: { branch: string; doc: unknown }[]) =>
  docs.flatMap(({ branch, doc }) => {
    const r = schema.safeParse(doc);
    return r.success ? [{ branch, doc: r.data }] : [];
  });

interface BranchDocs {
  values: PublishedValue[];
  answers: OfferAnswerAt[];
  openings: ProductOpening[];
  tasks: MarketingTaskDoc[];
  partners: ValueDashboard['partners'];
  households: number;
  householdsFiled: number;
  merchants: number;
}

const emptyDocs = (): BranchDocs => ({ values: [], answers: [], openings: [], tasks: [], partners: null, households: 0, householdsFiled: 0, merchants: 0 });

/** Every branch's documents for the dashboard, from the reporting store (and loans disbursed in the ledger). */
function branchDocs(store: ReportingStore, ledger: Database | null): Map<string, BranchDocs> {
  const by = new Map<string, BranchDocs>();
  const of = (branch: string) => {
    let d = by.get(branch);
    if (!d) by.set(branch, (d = emptyDocs()));
    return d;
  };
  for (const { branch, doc } of parsed(customerValueContent, store.docsOfType('customer-value'))) if (doc.branch === branch) of(branch).values.push(doc);
  for (const { branch, doc } of parsed(answerSchema, store.docsOfType('offer-response'))) if (doc.branch === branch) of(branch).answers.push(doc);
  for (const { branch, doc } of parsed(marketingTaskSchema, store.docsOfType('marketing-task'))) if (doc.branch === branch) of(branch).tasks.push(doc);
  for (const { branch, doc } of parsed(partnerStatementContent, store.docsOfType('partner-statement'))) {
    const d = of(branch);
    if (doc.branch === branch && (!d.partners || doc.month > d.partners.month)) d.partners = { month: doc.month, partners: doc.partners, effectivePartners: doc.effectivePartners };
  }
  const customer = z.looseObject({ kind: z.string(), group: z.string().nullish() });
  const customers = store.docsOfType('customer');
  for (const { branch, doc } of parsed(customer, customers)) if (doc.kind === 'enterprise' || doc.group === 'merchant') of(branch).merchants++;
  const household = z.looseObject({ file: z.unknown().optional() });
  for (const { branch, doc } of parsed(household, store.docsOfType('household'))) {
    of(branch).households++;
    if (doc.file) of(branch).householdsFiled++;
  }
  const opened = productOpenings([...store.docsOfType('account'), ...store.docsOfType('loanapp'), ...customers], ledger);
  for (const [branch, openings] of opened) of(branch).openings = openings;
  return by;
}

export function headOfficeValue(store: ReportingStore, date: string, ledger: Database | null): HeadOfficeValue {
  const docs = branchDocs(store, ledger);
  const dashboard = (d: BranchDocs) =>
    valueDashboard({ asOf: date, ...d, households: { households: d.households, householdsFiled: d.householdsFiled } });
  const branches = [...docs.keys()].sort().map((branch) => ({ branch, dashboard: dashboard(docs.get(branch)!) }));
  const all = emptyDocs();
  let partners = 0;
  let effective = 0;
  let month = '';
  for (const d of docs.values()) {
    all.values.push(...d.values);
    all.answers.push(...d.answers);
    all.openings.push(...d.openings);
    all.tasks.push(...d.tasks);
    all.households += d.households;
    all.householdsFiled += d.householdsFiled;
    all.merchants += d.merchants;
    if (d.partners) {
      partners += d.partners.partners;
      effective += d.partners.effectivePartners;
      if (d.partners.month > month) month = d.partners.month;
    }
  }
  all.partners = month ? { month, partners, effectivePartners: effective } : null;
  return { date, all: dashboard(all), branches, points: ledger ? pointsFlows(ledger, { through: date }) : null };
}

const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;
const num = (n: number) => n.toLocaleString('zh-CN');

function tierChart(v: HeadOfficeValue, lang: Lang): string {
  const tiers = TIER_CODES.map((c) => translate(`value.tier.${c}`, {}, lang));
  return svgChart({
    legend: { top: 0, data: tiers },
    grid: { left: 56, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: v.branches.map((b) => b.branch) },
    yAxis: { type: 'value', minInterval: 1 },
    series: TIER_CODES.map((c, i) => ({ name: tiers[i], type: 'bar', stack: 'tiers', data: v.branches.map((b) => b.dashboard.tiers[c]) })),
  });
}

function funnelChart(d: ValueDashboard, lang: Lang): string {
  const keys = ['shown', 'accepted', 'opened'] as const;
  return svgChart({
    legend: { top: 0, data: keys.map((k) => translate(`valueDash.${k}`, {}, lang)) },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: OFFER_CHANNELS.map((c) => translate(`value.offerChannel.${c}`, {}, lang)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((k, i) => ({ name: translate(`valueDash.${k}`, {}, lang), type: 'bar', data: OFFER_CHANNELS.map((c) => d.funnelByChannel[c][k]), itemStyle: { color: ['#9aa5b1', '#1f6fb8', '#1c7a44'][i] } })),
  });
}

function pointsChart(points: NonNullable<HeadOfficeValue['points']>, lang: Lang): string {
  const keys = ['issued', 'redeemed', 'expired', 'returned'] as const;
  return svgChart({
    legend: { top: 0, data: keys.map((k) => translate(`valueDash.points.${k}`, {}, lang)) },
    grid: { left: 64, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: points.map((p) => p.month) },
    yAxis: { type: 'value' },
    series: keys.map((k) => ({ name: translate(`valueDash.points.${k}`, {}, lang), type: 'bar', data: points.map((p) => p[k]) })),
  });
}

export function valueDashboardPage(v: HeadOfficeValue, opts: { lang: Lang; viewer: string }): string {
  const { lang } = opts;
  const { all } = v;
  const cols = ['report.col.branch', 'valueDash.customers', ...TIER_CODES.map((c) => `value.tier.${c}`), 'valueDash.pointsHeld', 'valueDash.partners', 'valueDash.effectivePartners',
    'valueDash.householdsFiled', 'valueDash.merchantsFiled', 'valueDash.tasksDone', 'valueDash.shown', 'valueDash.accepted', 'valueDash.opened'];
  const row = (name: string, d: ValueDashboard, attr: string) => `<tr ${attr}><th scope="row">${escape(name)}</th><td class="num">${num(d.customers)}</td>
${TIER_CODES.map((c) => `<td class="num" data-tier="${c}">${num(d.tiers[c])}</td>`).join('')}<td class="num">${num(d.pointsHeld)}</td>
<td class="num" data-k="partners">${d.partners ? num(d.partners.partners) : '—'}</td><td class="num" data-k="effective">${d.partners ? num(d.partners.effectivePartners) : '—'}</td>
<td class="num">${num(d.filing.householdsFiled)} / ${num(d.filing.households)}</td><td class="num">${num(d.filing.merchantsFiled)} / ${num(d.filing.merchants)}</td>
<td class="num" data-k="tasks">${num(d.tasks.total.done)} / ${num(d.tasks.total.tasks)}</td>
<td class="num" data-k="shown">${d.funnelTotal.shown}</td><td class="num" data-k="accepted">${d.funnelTotal.accepted}</td><td class="num" data-k="opened">${d.funnelTotal.opened}</td></tr>`;
  const funnelRows = v.branches.flatMap(({ branch, dashboard }) => dashboard.funnel.map((l) => `<tr data-branch="${escape(branch)}" data-offer="${escape(l.offer)}" data-channel="${l.channel}">
<td>${escape(branch)}</td><td>${escape(l.segment)}</td><td>${escape(l.title)}</td><td>${text(lang, `value.offerChannel.${l.channel}`)}</td>
<td class="num">${l.shown}</td><td class="num">${l.accepted}</td><td class="num">${pct(l.acceptedBp)}</td><td class="num" data-k="opened">${l.tracked ? l.opened : text(lang, 'valueDash.notTracked')}</td><td class="num">${l.tracked ? pct(l.openedBp) : '—'}</td></tr>`));
  const taskRows = v.branches.flatMap(({ branch, dashboard }) => dashboard.tasks.lines.map((l) => `<tr data-branch="${escape(branch)}" data-grid="${escape(l.grid)}" data-assignee="${escape(l.assignee)}">
<td>${escape(branch)}</td><td>${escape(l.grid)}</td><td>${escape(l.assigneeName)}（${escape(l.assignee)}）</td><td class="num">${l.tasks}</td><td class="num" data-k="done">${l.done}</td><td class="num">${pct(l.doneBp)}</td><td class="num">${l.interested}</td><td class="num">${l.overdue}</td></tr>`));
  const points = v.points === null ? `<p class="muted">${text(lang, 'valueDash.points.noLedger')}</p>` : v.points.length === 0 ? `<p class="muted">${text(lang, 'valueDash.points.none')}</p>` : `<figure id="points-chart">${pointsChart(v.points, lang)}</figure>
<table id="value-points"><thead><tr><th>${text(lang, 'valueDash.points.month')}</th>${(['issued', 'redeemed', 'expired', 'returned', 'vouchersRedeemed'] as const).map((k) => `<th class="num">${text(lang, `valueDash.points.${k}`)}</th>`).join('')}</tr></thead><tbody>
${v.points.map((p) => `<tr data-month="${p.month}"><th scope="row">${p.month}</th><td class="num" data-k="issued">${num(p.issued)}</td><td class="num" data-k="redeemed">${num(p.redeemed)}</td><td class="num" data-k="expired">${num(p.expired)}</td><td class="num">${num(p.returned)}</td><td class="num" data-k="vouchers">${p.vouchersRedeemed}</td></tr>`).join('\n')}
</tbody></table>`;
  return frame(
    lang,
    text(lang, 'valueDash.hoTitle'),
    `<header><h1>${text(lang, 'valueDash.hoTitle')}</h1>
<nav><a href="/">${text(lang, 'report.title')}</a> · <span id="viewer">${text(lang, 'report.signedInAs', { name: opts.viewer })}</span> · ${langLink(lang, '/value')} ·
<form class="inline" method="post" action="/logout"><button type="submit">${text(lang, 'report.signOut')}</button></form></nav></header>
<p class="muted">${text(lang, 'valueDash.hoNote', { date: v.date })}</p>
<table id="value-branches"><thead><tr>${cols.map((c) => `<th>${text(lang, c)}</th>`).join('')}</tr></thead><tbody>
${v.branches.map((b) => row(b.branch, b.dashboard, `data-branch="${escape(b.branch)}"`)).join('\n') || `<tr><td colspan="${cols.length}">${text(lang, 'report.noBranches')}</td></tr>`}
${row(translate('valueDash.total', {}, lang), all, 'id="value-total"')}
</tbody></table>
<h2>${text(lang, 'valueDash.tiers')}</h2>
<figure id="tier-chart">${tierChart(v, lang)}</figure>
<h2>${text(lang, 'valueDash.pointsTitle')}</h2>
${points}
<h2>${text(lang, 'valueDash.funnel')}</h2>
<p class="muted">${text(lang, 'valueDash.funnelNote', { days: 30 })}</p>
<figure id="funnel-chart">${funnelChart(all, lang)}</figure>
<table id="value-funnel"><thead><tr>${['report.col.branch', 'valueDash.col.segment', 'valueDash.col.offer', 'valueDash.col.channel', 'valueDash.shown', 'valueDash.accepted', 'valueDash.acceptedPct', 'valueDash.opened', 'valueDash.openedPct'].map((c) => `<th>${text(lang, c)}</th>`).join('')}</tr></thead><tbody>
${funnelRows.join('\n') || `<tr><td colspan="9">${text(lang, 'valueDash.noAnswers')}</td></tr>`}
</tbody></table>
<h2>${text(lang, 'valueDash.tasks')}</h2>
<table id="value-tasks"><thead><tr>${['report.col.branch', 'marketing.board.col.grid', 'marketing.board.col.manager', 'marketing.board.col.tasks', 'marketing.board.col.done', 'marketing.board.col.donePct', 'marketing.board.col.interested', 'marketing.board.col.overdue'].map((c) => `<th>${text(lang, c)}</th>`).join('')}</tr></thead><tbody>
${taskRows.join('\n') || `<tr><td colspan="8">${text(lang, 'valueDash.noTasks')}</td></tr>`}
</tbody></table>`,
  );
}

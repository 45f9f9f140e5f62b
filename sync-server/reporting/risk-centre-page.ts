import { CLASSIFICATIONS } from '../../domain/credit/rules/fields';
import { COLLECTION_STAGES } from '../../domain/post-loan/collection-scripts';
import type { LoanStateDoc, RiskEventDoc } from '../../domain/post-loan/post-loan-docs';
import { centreFilterSchema, centreRows, filterCentre, type CentreFilter, type CentreRow } from '../../domain/post-loan/risk-centre';
import { MAX_ASSIGNED, type AssignProblem, type HandlerCandidate } from '../../domain/post-loan/risk-assignment';
import type { AssignmentRow } from '../feeds/risk-assignment';
import { formatYuan, type Fen } from '../../domain/money/fen';
import type { Lang } from '../../i18n/translate';
import { escape, frame, langLink, text } from './dashboard-page';
import type { ReportingStore } from './reporting-store';

/**
 * 风险管理部集中处理 (read side): every branch's risk events in one list at head office, from the reporting store,
 * filtered and sorted by a plain GET form (no script; Tab through the fields, Enter applies). A filter that is not
 * one is named in Chinese above the form and nothing is listed.
 */
export const RISK_CENTRE_PATH = '/risk/events';
export const RISK_ASSIGN_PATH = '/risk/events/assign';
const LIST_LIMIT = 500;

export function riskCentreRows(store: ReportingStore, today: string): CentreRow[] {
  return centreRows(
    store.docsOfType<RiskEventDoc>('risk-event').map((e) => e.doc),
    store.docsOfType<LoanStateDoc>('loan-state').map((l) => l.doc),
    today,
  );
}

export function riskCentreQuery(url: URL): { filter: CentreFilter } | { problem: string[] } {
  const parsed = centreFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (parsed.success) return { filter: parsed.data };
  return { problem: [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))] };
}

function select(lang: Lang, name: string, values: readonly string[], current: string | undefined, label: (v: string) => string, any = true): string {
  return `<label for="f-${name}">${text(lang, `report.centre.${name}`)}</label><select id="f-${name}" name="${name}">
${any ? `<option value="">${text(lang, 'report.centre.any')}</option>` : ''}${values.map((v) => `<option value="${escape(v)}"${v === current ? ' selected' : ''}>${escape(label(v))}</option>`).join('')}</select>`;
}
const input = (lang: Lang, name: string, value: unknown, type = 'text') =>
  `<label for="f-${name}">${text(lang, `report.centre.${name}`)}</label><input id="f-${name}" name="${name}" type="${type}" value="${value === undefined ? '' : escape(value)}"${type === 'number' ? ' min="0"' : ''}>`;

export type AssignOutcome =
  | { ok: true; n: number; name: string; staffNo: string; deadlines: string[]; published: number | null; publishError?: string }
  | { ok: false; problems: AssignProblem[] };

/** What the risk department (role risk-officer) gets on the page besides the list: the assignment form. */
export interface AssignView {
  handlers: HandlerCandidate[];
  /** The list's query string, carried by the form so "select every filtered result" means this list. */
  query: string;
  history: AssignmentRow[];
  outcome?: AssignOutcome;
}

function assignOutcome(lang: Lang, o: AssignOutcome): string {
  if (!o.ok) {
    const items = o.problems.map((p) => `<li>${text(lang, `report.assign.problem.${p.rule}`, { event: p.event ?? '', max: MAX_ASSIGNED })}</li>`).join('');
    return `<div class="error" role="alert" id="assign-problem">${text(lang, 'report.assign.refused')}<ul>${items}</ul></div>`;
  }
  const done = text(lang, 'report.assign.done', { n: o.n, name: o.name, staffNo: o.staffNo, deadline: o.deadlines.join('、') });
  const sync = o.publishError !== undefined ? text(lang, 'report.assign.publishFailed', { reason: o.publishError }) : text(lang, 'report.assign.published', { n: o.published ?? 0 });
  return `<p role="status" id="assign-done">${done}${sync}</p>`;
}

function handlerSelect(lang: Lang, handlers: HandlerCandidate[]): string {
  const groups = new Map<string, HandlerCandidate[]>();
  for (const h of handlers) {
    const key = h.roles.includes('risk-officer') ? '' : h.branch;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const option = (h: HandlerCandidate) =>
    `<option value="${escape(`${h.branch}/${h.staffNo}`)}">${escape(h.staffNo)} ${escape(h.name)}（${h.roles.map((r) => text(lang, `role.${r}`)).join('、')}）</option>`;
  const optgroups = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([branch, list]) => `<optgroup label="${branch ? text(lang, 'report.assign.handlerGroup.branch', { branch }) : text(lang, 'report.assign.handlerGroup.risk')}">${list.map(option).join('')}</optgroup>`);
  return `<label for="a-handler">${text(lang, 'report.assign.handler')}</label><select id="a-handler" name="handler" required><option value=""></option>${optgroups.join('')}</select>`;
}

function assignHistory(lang: Lang, rows: AssignmentRow[]): string {
  if (!rows.length) return '';
  const cols = ['at', 'by', 'event', 'to', 'deadline', 'before'];
  return `<h2>${text(lang, 'report.assign.history')}</h2><table id="assignments"><thead><tr>${cols.map((c) => `<th>${c === 'deadline' ? text(lang, 'report.centre.col.deadline') : text(lang, `report.assign.col.${c}`)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr><td>${escape(r.at)}</td><td>${escape(r.by)}</td><td>${escape(r.event)}</td><td>${escape(r.handler)} ${escape(r.handlerName)}</td><td>${escape(r.deadline)}</td><td>${escape(r.prevHandler ?? '—')} / ${escape(r.prevDeadline)}</td></tr>`).join('\n')}
</tbody></table>`;
}

export function riskCentrePage(
  all: CentreRow[],
  q: { filter: CentreFilter } | { problem: string[] },
  opts: { today: string; lang: Lang; viewer: string; branches: string[]; assign?: AssignView },
): string {
  const { lang, assign } = opts;
  const f: Partial<CentreFilter> = 'filter' in q ? q.filter : {};
  const rows = 'filter' in q ? filterCentre(all, q.filter) : [];
  const shown = rows.slice(0, LIST_LIMIT);
  const pick = (r: CentreRow) =>
    assign ? `<td>${r.status === 'open' ? `<input type="checkbox" name="event" value="${escape(r.id)}" form="assign" aria-label="${text(lang, 'report.assign.selectEvent', { name: r.name })}" style="width:auto">` : ''}</td>` : '';
  const tr = (r: CentreRow) => `<tr data-event="${escape(r.id)}"${r.pastDeadline ? ' class="error"' : ''}>${pick(r)}
<td>${escape(r.branch)}</td><td>${escape(r.name)}<br><span class="muted">${escape(r.account)}</span></td><td>${text(lang, `risk.cause.${r.cause}`)}：${escape(r.message)}</td>
<td>${r.classification ? text(lang, `credit.classification.${r.classification}`) : '—'}</td><td class="num">${r.overdueDays}</td><td>${text(lang, `report.centre.stage.${r.stage}`)}</td>
<td class="num">${r.balanceFen === null ? '—' : escape(formatYuan(r.balanceFen as Fen))}</td><td>${escape(r.raisedOn)}（${r.age}）</td><td>${escape(r.deadline)}</td>
<td>${text(lang, `risk.queue.${r.queue}`)}</td><td>${escape(r.handler)}${r.handlerName ? ` ${escape(r.handlerName)}` : ''}</td><td>${text(lang, `report.centre.status.${r.status}`)}</td></tr>`;
  const cols = ['branch', 'customer', 'event', 'classification', 'overdueDays', 'stage', 'balance', 'raisedOn', 'deadline', 'queue', 'handler', 'status'];
  return frame(
    lang,
    text(lang, 'report.centre.title'),
    `<header><h1>${text(lang, 'report.centre.title')}</h1>
<nav><a href="/">${text(lang, 'report.title')}</a> · <a href="/risk">${text(lang, 'report.risk.link')}</a> · <span id="viewer">${text(lang, 'report.signedInAs', { name: opts.viewer })}</span> · ${langLink(lang, RISK_CENTRE_PATH)} ·
<form class="inline" method="post" action="/logout"><button type="submit">${text(lang, 'report.signOut')}</button></form></nav></header>
${'problem' in q ? `<p class="error" role="alert" id="problem">${text(lang, 'report.centre.badFilter', { fields: q.problem.map((p) => text(lang, `report.centre.${p}`)).join('、') })}</p>` : ''}
<form method="get" action="${RISK_CENTRE_PATH}" id="filters" style="display:grid;grid-template-columns:repeat(6,minmax(8em,1fr));gap:0 12px">
<div>${select(lang, 'branch', opts.branches, f.branch?.toUpperCase(), (v) => v)}</div>
<div>${select(lang, 'cause', ['overdue', 'warning', 'downgrade'], f.cause, (v) => text(lang, `risk.cause.${v}`))}</div>
<div>${select(lang, 'classification', CLASSIFICATIONS, f.classification, (v) => text(lang, `credit.classification.${v}`))}</div>
<div>${select(lang, 'stage', COLLECTION_STAGES, f.stage, (v) => text(lang, `report.centre.stage.${v}`))}</div>
<div>${select(lang, 'queue', ['branch', 'risk'], f.queue, (v) => text(lang, `risk.queue.${v}`))}</div>
<div>${select(lang, 'status', ['open', 'closed', 'all'], f.status ?? 'open', (v) => text(lang, `report.centre.status.${v}`), false)}</div>
<div>${input(lang, 'handler', f.handler)}</div>
<div>${input(lang, 'minAge', f.minAge, 'number')}</div><div>${input(lang, 'maxAge', f.maxAge, 'number')}</div>
<div>${input(lang, 'minOverdue', f.minOverdue, 'number')}</div><div>${input(lang, 'maxOverdue', f.maxOverdue, 'number')}</div>
<div>${select(lang, 'sort', ['deadline', 'age', 'overdue', 'balance', 'branch'], f.sort ?? 'deadline', (v) => text(lang, `report.centre.sort.${v}`), false)}</div>
<div><label><input type="checkbox" name="pastDeadline" value="on"${f.pastDeadline ? ' checked' : ''} style="width:auto"> ${text(lang, 'report.centre.pastDeadline')}</label></div>
<div><button type="submit">${text(lang, 'report.centre.apply')}</button></div>
</form>
${assign ? assignForm(lang, assign, rows.filter((r) => r.status === 'open').length) : ''}
<p class="muted" id="count">${text(lang, rows.length > LIST_LIMIT ? 'report.centre.countLimited' : 'report.centre.count', { n: rows.length, shown: shown.length, today: opts.today })}</p>
<table id="events"><thead><tr>${assign ? `<th>${text(lang, 'report.assign.select')}</th>` : ''}${cols.map((c) => `<th>${text(lang, `report.centre.col.${c}`)}</th>`).join('')}</tr></thead><tbody>
${shown.map(tr).join('\n') || `<tr><td colspan="${cols.length + (assign ? 1 : 0)}">${text(lang, 'report.none')}</td></tr>`}
</tbody></table>${assign ? assignHistory(lang, assign.history) : ''}`,
  );
}


/**
 * The assignment form: the rows' checkboxes belong to it (`form="assign"`), so the filter form stays a plain GET
 * form above it; no script (the page's CSP allows none) — "select every filtered result" is done by the server from
 * the list's query string.
 */
function assignForm(lang: Lang, a: AssignView, openCount: number): string {
  return `${a.outcome ? assignOutcome(lang, a.outcome) : ''}
<form method="post" action="${RISK_ASSIGN_PATH}" id="assign"><fieldset><legend>${text(lang, 'report.assign.legend')}</legend>
<input type="hidden" name="filter" value="${escape(a.query)}">
<div style="display:grid;grid-template-columns:repeat(4,minmax(10em,1fr));gap:0 12px;align-items:end">
<div><label><input type="checkbox" name="allFiltered" value="on" id="a-all" style="width:auto"> ${text(lang, 'report.assign.allFiltered', { n: openCount })}</label></div>
<div>${handlerSelect(lang, a.handlers)}</div>
<div><label for="a-deadline">${text(lang, 'report.assign.deadline')}</label><input id="a-deadline" name="deadline" type="date"></div>
<div><button type="submit" id="a-submit">${text(lang, 'report.assign.submit')}</button></div>
</div></fieldset></form>`;
}

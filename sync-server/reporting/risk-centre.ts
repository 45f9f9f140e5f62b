import type http from 'node:http';
import type { Database } from '../../db/sqlite';
import { DEFAULT_DISPATCH_RULES, type DispatchRules } from '../../domain/post-loan/dispatch';
import { assignRequestSchema, type AssignProblem, type Assignment, type HandlerCandidate } from '../../domain/post-loan/risk-assignment';
import { filterCentre } from '../../domain/post-loan/risk-centre';
import type { Role } from '../../domain/staff/roles';
import type { Lang } from '../../i18n/translate';
import type { CouchClient } from '../identity/couch';
import { AssignmentRefused, assignmentHistory, assignRiskEvents, publishAssigned } from '../feeds/risk-assignment';
import type { ReportingStore } from './reporting-store';
import { riskCentrePage, riskCentreQuery, riskCentreRows, type AssignOutcome } from './risk-centre-page';
import { HTML, readForm, type Reply } from './web-form';

/**
 * 风险管理部集中处理 on the report server: the list (/risk/events) for report viewers and the risk department, and
 * bulk assignment for the risk department (role risk-officer) — written to head office's feed ledger in one
 * transaction (sync-server/feeds/risk-assignment.ts) and published to the branches at once with the centre's own
 * head-office credential.
 */
export interface RiskCentreOptions {
  /** Head office's feed ledger (`jingwei report --feed-data DIR`, the folder of `jingwei feed --data`; the /it feed desk's handle). */
  ledger: Database;
  /** Writes the assigned events to the branch databases (a server admin or feed-publisher). */
  couch: CouchClient;
  dispatch?: DispatchRules;
  now?: () => Date;
}

/** The checkboxes of a whole list of 500 events, with room to spare; "every filtered result" is sent as the query. */
const FORM_BYTES = 256 * 1024;
const HANDLER_ROLES: readonly Role[] = ['branch-head', 'customer-manager', 'risk-officer'];

interface StaffDoc {
  staffNo: string;
  name: string;
  branch: string;
  roles: Role[];
  active: boolean;
}

/** Everyone who may handle an event, as head office's signed staff records in the branch databases have them. */
export function handlerCandidates(store: ReportingStore): HandlerCandidate[] {
  const seen = new Map<string, HandlerCandidate>();
  for (const { doc } of store.docsOfType<StaffDoc>('staff')) {
    if (!doc.roles.some((r) => HANDLER_ROLES.includes(r))) continue;
    seen.set(`${doc.branch}/${doc.staffNo}`, { staffNo: doc.staffNo, name: doc.name, branch: doc.branch, roles: doc.roles, active: doc.active });
  }
  return [...seen.values()].sort((a, b) => a.branch.localeCompare(b.branch) || a.staffNo.localeCompare(b.staffNo));
}

interface PageRequest {
  store: ReportingStore;
  today: string;
  lang: Lang;
  viewer: string;
  reply: Reply;
  /** The risk department's form; absent for a report viewer (or without a ledger). */
  risk?: RiskCentreOptions;
}

export function showRiskCentre(r: PageRequest, url: URL, status = 200, outcome?: AssignOutcome): void {
  const rows = riskCentreRows(r.store, r.today);
  const branches = [...new Set(rows.map((x) => x.branch))].sort();
  const q = riskCentreQuery(url);
  const assign = r.risk
    ? { handlers: handlerCandidates(r.store).filter((h) => h.active), query: url.search.replace(/^\?/, ''), history: assignmentHistory(r.risk.ledger, undefined, 20), ...(outcome ? { outcome } : {}) }
    : undefined;
  r.reply('problem' in q ? 400 : status, HTML, riskCentrePage(rows, q, { today: r.today, lang: r.lang, viewer: r.viewer, branches, ...(assign ? { assign } : {}) }));
}

/** The assignment posted from the centre: applied whole or not at all; answered with the list it came from. */
export async function assignFromCentre(r: PageRequest & { risk: RiskCentreOptions }, req: http.IncomingMessage): Promise<void> {
  const form = await readForm(req, FORM_BYTES);
  const query = form?.get('filter') ?? '';
  const listUrl = new URL(`/risk/events?${query}`, 'http://localhost');
  const refuse = (problems: AssignProblem[]) => showRiskCentre(r, listUrl, 400, { ok: false, problems });
  if (!form) return refuse([{ rule: 'badForm' }]);
  let events = form.getAll('event');
  if (form.get('allFiltered') === 'on') {
    const q = riskCentreQuery(listUrl);
    if ('problem' in q) return refuse([{ rule: 'badForm' }]);
    events = filterCentre(riskCentreRows(r.store, r.today), { ...q.filter, status: 'open' }).map((x) => x.id);
  }
  if (events.length === 0) return refuse([{ rule: 'noEvents' }]);
  const parsed = assignRequestSchema.safeParse({ events, handler: form.get('handler') ?? '', deadline: form.get('deadline') ?? '' });
  if (!parsed.success) return refuse([{ rule: 'badForm' }]);
  const { branch, staffNo } = parsed.data.handler;
  const handler = handlerCandidates(r.store).find((h) => h.branch === branch && h.staffNo === staffNo);
  let done: Assignment[];
  try {
    done = assignRiskEvents(r.risk.ledger, {
      request: parsed.data, handler, by: r.viewer, today: r.today, now: (r.risk.now ?? (() => new Date()))(), rules: r.risk.dispatch ?? DEFAULT_DISPATCH_RULES,
    });
  } catch (e) {
    if (e instanceof AssignmentRefused) return refuse(e.problems);
    throw e;
  }
  const outcome: AssignOutcome = {
    ok: true, n: done.length, name: handler!.name, staffNo, deadlines: [...new Set(done.map((a) => a.deadline))].sort(), published: null,
  };
  try {
    outcome.published = await publishAssigned(r.risk.ledger, r.risk.couch, done.map((a) => a.branch));
  } catch (e) {
    // Recorded at head office all the same: the next `jingwei feed publish` writes the documents.
    outcome.publishError = e instanceof Error ? e.message : String(e);
  }
  showRiskCentre(r, listUrl, 200, outcome);
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAllowedHost } from '../../domain/net/host-header';
import { translate, type Lang } from '../../i18n/translate';
import { readCookie } from '../auth/cookie';
import { DashboardSessions, mayAssignRisk, mayRunIt, mayViewReports, type SignIn } from './dashboard-auth';
import { dashboardPage, forbiddenPage, signInPage } from './dashboard-page';
import { handleItConsole, IT_HOME, type ItConsoleOptions } from '../it-console/it-console';
import { HTML, readForm, sameOrigin, type Reply } from './web-form';
import type { ReportingStore } from './reporting-store';
import { headOfficeRisk, riskDashboardPage } from './risk-dashboard-page';
import { RISK_ASSIGN_PATH, RISK_CENTRE_PATH } from './risk-centre-page';
import { assignFromCentre, showRiskCentre, type RiskCentreOptions } from './risk-centre';
import { headOfficeValue, valueDashboardPage } from './value-dashboard-page';
import type { Database } from '../../db/sqlite';

export interface ReportServerOptions {
  store: ReportingStore;
  /** Checks a head-office account: `sessionSignIn(head office's URL)` (dashboard-auth.ts). */
  signIn: SignIn;
  /** Loopback only: the page names customers of every branch. */
  port?: number;
  /** YYYY-MM-DD of "today" for queue figures; defaults to the date in Asia/Shanghai. */
  today?: () => string;
  refreshSeconds?: number;
  /** How long a sign-in lasts (default 8 hours, a working day). */
  sessionSeconds?: number;
  /** Head office IT's console at /it (role it-admin); absent: no console. */
  it?: ItConsoleOptions;
  /** The risk department's bulk assignment at /risk/events (role risk-officer); absent: the centre only lists. */
  risk?: RiskCentreOptions;
  /** Head office's feed ledger, read for /value's points flows; absent: /value shows none. */
  ledger?: Database;
}

const SESSION_COOKIE = 'jw_report';
const LANG_COOKIE = 'jw_lang';
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const isLang = (v: string | null | undefined): v is Lang => v === 'zh-CN' || v === 'en';


/** `?lang=` switches the language and is remembered in a cookie; Chinese otherwise. */
function languageOf(req: http.IncomingMessage, url: URL): { lang: Lang; setCookie?: string } {
  const asked = url.searchParams.get('lang');
  if (isLang(asked)) return { lang: asked, setCookie: `${LANG_COOKIE}=${asked}; Path=/; SameSite=Strict; Max-Age=31536000` };
  const kept = readCookie(req.headers.cookie, LANG_COOKIE);
  return { lang: isLang(kept) ? kept : 'zh-CN' };
}

async function handleSignIn(o: ReportServerOptions, sessions: DashboardSessions, req: http.IncomingMessage, lang: Lang, reply: Reply): Promise<void> {
  const form = await readForm(req);
  const name = form?.get('name')?.trim() ?? '';
  const password = form?.get('password') ?? '';
  const page = (status: number, key: string, params = {}) => reply(status, HTML, signInPage(lang, { key, params }, name));
  if (!form || !name || !password) return page(400, 'report.wrongPassword');
  const locked = sessions.lockedFor(name);
  if (locked) return page(429, 'report.tooMany', { minutes: locked });
  const result = await o.signIn(name, password);
  if (!result.ok) {
    if (result.reason === 'unavailable') return page(503, 'report.unavailable');
    sessions.failed(name);
    return result.reason === 'wrong' ? page(401, 'report.wrongPassword') : page(403, 'report.notAllowed');
  }
  const token = sessions.open(result);
  const age = o.sessionSeconds ?? 8 * 3600;
  // IT people land on their console, the risk department on its centre, everyone else on the dashboard.
  const home = mayViewReports(result) ? '/' : o.it && mayRunIt(result) ? IT_HOME : mayAssignRisk(result) ? RISK_CENTRE_PATH : '/';
  reply(303, 'text/plain; charset=utf-8', '', { location: home, 'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${age}` });
}

/**
 * Serves the dashboard (`/`), the post-loan risk dashboard (`/risk`), the customer-value dashboard (`/value`) and their
 * figures as JSON (`/api/dashboard`, `/api/shared-customers`, `/api/risk`, `/api/value`) on 127.0.0.1, to
 * head-office accounts signed in at `/login` (CouchDB role `report-viewer` or a server admin).
 */
export async function startReportServer(o: ReportServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const today = o.today ?? shanghaiToday;
  const sessions = new DashboardSessions((o.sessionSeconds ?? 8 * 3600) * 1000);
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { lang, setCookie } = languageOf(req, url);
    const reply: Reply = (status, type, body, headers = {}) => {
      const cookies = [headers['set-cookie'] ?? [], setCookie ?? []].flat();
      res.writeHead(status, {
        'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ...headers, ...(cookies.length ? { 'set-cookie': cookies } : {}),
      });
      res.end(body);
    };
    if (!isAllowedHost(req.headers.host, [])) return reply(400, 'text/plain; charset=utf-8', 'bad host');
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const viewer = sessions.who(token);
    const key = `${req.method} ${url.pathname}`;
    if (req.method === 'POST' && !sameOrigin(req)) return reply(403, 'text/plain; charset=utf-8', 'cross-site form refused');
    if (key === 'GET /login') return reply(200, HTML, signInPage(lang));
    if (key === 'POST /login') return handleSignIn(o, sessions, req, lang, reply);
    if (key === 'POST /logout') {
      sessions.close(token);
      return reply(303, 'text/plain; charset=utf-8', '', { location: '/login', 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
    }
    if (!viewer) {
      if (url.pathname.startsWith('/api/')) return reply(401, 'application/json', JSON.stringify({ error: 'unauthorized', reason: 'sign in at /login' }));
      // An action (an IT form, a file upload) is not carried over a sign-in: refused, body unread.
      if (req.method !== 'GET') return reply(401, HTML, signInPage(lang));
      return reply(303, 'text/plain; charset=utf-8', '', { location: '/login' });
    }
    if (url.pathname === IT_HOME || url.pathname.startsWith(`${IT_HOME}/`)) {
      if (!o.it) return reply(404, 'text/plain; charset=utf-8', 'not found');
      if (!mayRunIt(viewer)) return reply(403, HTML, forbiddenPage(lang, viewer.name));
      return handleItConsole(o.it, req, url, { viewer: viewer.name, lang, reply, mayViewReports: mayViewReports(viewer) });
    }
    // The risk department's pages: report viewers read them, risk officers also assign.
    if (url.pathname === '/risk' || url.pathname.startsWith('/risk/')) {
      const riskOfficer = mayAssignRisk(viewer);
      if (!riskOfficer && !mayViewReports(viewer)) return reply(403, HTML, forbiddenPage(lang, viewer.name));
      const page = { store: o.store, today: today(), lang, viewer: viewer.name, reply };
      if (key === `GET ${RISK_CENTRE_PATH}`) return showRiskCentre({ ...page, ...(riskOfficer && o.risk ? { risk: o.risk } : {}) }, url);
      if (key === `POST ${RISK_ASSIGN_PATH}`) {
        if (!riskOfficer) return reply(403, HTML, forbiddenPage(lang, viewer.name));
        if (!o.risk) return reply(409, 'text/plain; charset=utf-8', translate('report.assign.notAvailable', {}, lang));
        return assignFromCentre({ ...page, risk: o.risk }, req);
      }
      if (key === 'GET /risk') return reply(200, HTML, riskDashboardPage(headOfficeRisk(o.store, today()), { today: today(), lang, viewer: viewer.name }));
      return reply(404, 'text/plain; charset=utf-8', 'not found');
    }
    if (!mayViewReports(viewer)) {
      if (url.pathname.startsWith('/api/')) return reply(403, 'application/json', JSON.stringify({ error: 'forbidden', reason: 'role report-viewer needed' }));
      return reply(403, HTML, forbiddenPage(lang, viewer.name));
    }
    if (key === 'GET /') {
      const page = dashboardPage(o.store.dashboard(today()), o.store.sharedCustomers(), {
        today: today(), refreshSeconds: o.refreshSeconds ?? 5, generatedAt: new Date().toISOString(), lang, viewer: viewer.name,
      });
      return reply(200, HTML, page);
    }
    // ?date=YYYY-MM-DD counts to the end of that day (the morning's T+1 view asks for yesterday); today otherwise.
    const valueDate = () => (/^\d{4}-\d{2}-\d{2}$/.test(url.searchParams.get('date') ?? '') ? url.searchParams.get('date')! : today());
    if (key === 'GET /value') return reply(200, HTML, valueDashboardPage(headOfficeValue(o.store, valueDate(), o.ledger ?? null), { lang, viewer: viewer.name }));
    if (key === 'GET /api/value') return reply(200, 'application/json', JSON.stringify(headOfficeValue(o.store, valueDate(), o.ledger ?? null)));
    if (key === 'GET /api/risk') return reply(200, 'application/json', JSON.stringify(headOfficeRisk(o.store, today())));
    if (key === 'GET /api/dashboard') return reply(200, 'application/json', JSON.stringify(o.store.dashboard(today())));
    if (key === 'GET /api/shared-customers') return reply(200, 'application/json', JSON.stringify(o.store.sharedCustomers()));
    return reply(404, 'text/plain; charset=utf-8', 'not found');
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((done) => server.listen(o.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAllowedHost } from '../../domain/net/host-header';
import { dashboardPage } from './dashboard-page';
import type { ReportingStore } from './reporting-store';

export interface ReportServerOptions {
  store: ReportingStore;
  /** Loopback only: the page names customers of every branch and has no login of its own (put it behind head office's SSO proxy). */
  port?: number;
  /** YYYY-MM-DD of "today" for queue figures; defaults to the date in Asia/Shanghai. */
  today?: () => string;
  refreshSeconds?: number;
}

const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Serves the dashboard (`/`) and its figures as JSON (`/api/dashboard`, `/api/shared-customers`) on 127.0.0.1. */
export async function startReportServer(o: ReportServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const today = o.today ?? shanghaiToday;
  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, [])) {
      res.writeHead(400).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain; charset=utf-8', 'method not allowed');
    if (path === '/') {
      return send(200, 'text/html; charset=utf-8', dashboardPage(o.store.dashboard(today()), o.store.sharedCustomers(), { today: today(), refreshSeconds: o.refreshSeconds ?? 5, generatedAt: new Date().toISOString() }));
    }
    if (path === '/api/dashboard') return send(200, 'application/json', JSON.stringify(o.store.dashboard(today())));
    if (path === '/api/shared-customers') return send(200, 'application/json', JSON.stringify(o.store.sharedCustomers()));
    return send(404, 'text/plain; charset=utf-8', 'not found');
  });
  await new Promise<void>((done) => server.listen(o.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortfolio, nextDay } from '../../domain/post-loan/feed-generator';
import { lastAppliedFiles, openLedger } from '../feeds/feed-ledger';
import { couchClient } from '../identity/couch';
import { provisionItAdmin, provisionReportViewer } from '../provision';
import { sessionSignIn } from '../reporting/dashboard-auth';
import { openReportingStore, type ReportingStore } from '../reporting/reporting-store';
import { startReportServer } from '../reporting/report-server';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { openFeedDesk, type FeedDesk } from './feed-desk';

// 导入核心系统文件 on head office IT's console: upload → preview (every bad line) → apply (importFeed, all or
// nothing) → result; repeats and earlier dates refused on the page; only it-admin gets in.
const IT = { name: 'hq-it-02', password: 'it-password-0002' };
const VIEWER = { name: 'hq-viewer-02', password: 'viewer-password-02' };
const D1 = '2026-03-02';
const D2 = '2026-03-03';

let server: TestServer;
let dir: string;
let ledgerDir: string;
let store: ReportingStore;
let desk: FeedDesk;
let web: { url: string; close(): Promise<void> };
const portfolio = createPortfolio({ seed: 7, loans: 40, branches: [{ code: 'HM01', managers: ['M001'] }], startDate: D1 });
const day1 = nextDay(portfolio, D1).files;
const day2 = nextDay(portfolio, D2).files;

async function signIn(who: { name: string; password: string }): Promise<string> {
  const res = await fetch(`${web.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(who).toString() });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function upload(cookie: string, kind: string, date: string, text: string, name = `${date}-${kind}.csv`): Promise<Response> {
  const form = new FormData();
  form.set('kind', kind);
  form.set('date', date);
  form.set('file', new Blob([text]), name);
  return fetch(`${web.url}/it/feeds`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
}

/** The job's page once its worker has answered (the page reloads itself while it works). */
async function settled(cookie: string, location: string): Promise<{ status: number; html: string }> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(web.url + location, { headers: { cookie } });
    const html = await res.text();
    if (!html.includes('http-equiv="refresh"')) return { status: res.status, html };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the feed job never finished');
}

async function previewOf(cookie: string, kind: string, date: string, text: string): Promise<{ job: string; html: string }> {
  const res = await upload(cookie, kind, date, text);
  expect(res.status, await res.clone().text()).toBe(303);
  const job = res.headers.get('location')!;
  expect(job).toMatch(/^\/it\/feeds\/[0-9a-f]{32}$/);
  return { job, html: (await settled(cookie, job)).html };
}

const apply = (cookie: string, job: string) =>
  fetch(`${web.url}${job}/apply`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });

function ledgerFiles() {
  const db = openLedger(ledgerDir);
  try {
    return lastAppliedFiles(db);
  } finally {
    db.close();
  }
}
const loanRows = () => {
  const db = openLedger(ledgerDir);
  try {
    return (db.prepare('SELECT count(*) AS n FROM loan').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  server = await startTestServer();
  await provisionItAdmin({ url: server.url, admin: TEST_ADMIN, deviceUser: IT.name, password: IT.password });
  await provisionReportViewer({ url: server.url, admin: TEST_ADMIN, deviceUser: VIEWER.name, password: VIEWER.password });
  dir = mkdtempSync(join(tmpdir(), 'jw-it-feeds-'));
  ledgerDir = join(dir, 'head-office');
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  desk = openFeedDesk({ dataDir: ledgerDir });
  web = await startReportServer({ store, signIn: sessionSignIn(server.url), it: { couch: couchClient({ url: server.url, user: TEST_ADMIN }), releaseKey: null, feeds: desk } });
});
afterAll(async () => {
  await web?.close();
  desk?.close();
  store?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('导入核心系统文件 on the IT console', () => {
  it('refuses an upload without a sign-in (401) and from a report viewer (403); nothing reaches the ledger', async () => {
    const anonymous = await fetch(`${web.url}/it/feeds`, { method: 'POST', redirect: 'manual', body: new FormData() });
    expect(anonymous.status).toBe(401);
    const viewer = await signIn(VIEWER);
    const refused = await upload(viewer, 'loans', D1, day1.loans);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(`账号 ${VIEWER.name} 没有打开此页面的权限`);
    expect(ledgerFiles()).toEqual([]);
  });

  // Six previews and applies, each on a worker thread of its own (tsx compiles it as it starts): slow on a busy machine.
  it('previews a file with a bad line (line, field, rule), applies the mended one whole, and refuses it again', async () => {
    const cookie = await signIn(IT);
    const console0 = await (await fetch(`${web.url}/it`, { headers: { cookie } })).text();
    expect(console0).toContain('<h2 id="feeds-title">导入核心系统文件</h2>');
    expect(console0).toContain('尚未导入任何文件');

    // Line 3's balance damaged: the preview names the line, the field as docs/feeds.md labels it, and the rule.
    const lines = day1.loans.split('\n');
    const good = lines[2]!;
    lines[2] = good.replace(/^((?:[^,]*,){6})[^,]*/, '$14225x.00');
    const bad = await previewOf(cookie, 'loans', D1, lines.join('\n'));
    expect(bad.html).toContain('拒绝导入：文件有1处错误，整个文件未导入，未做任何更改');
    const row = /<table id="feed-problems">[\s\S]*?<tbody>\s*<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(bad.html);
    expect(row?.[1]).toBe('3');
    expect(row?.[2]).toContain('(balance)');
    expect(row?.[3]).toContain('4225x.00');
    expect(bad.html).not.toContain('确认导入');
    expect(loanRows()).toBe(0);

    // The mended file: the preview counts its lines and changes nothing; the import applies all of them.
    const ok = await previewOf(cookie, 'loans', D1, day1.loans);
    const count = day1.loans.trim().split('\n').length - 1;
    expect(ok.html).toContain(`预检通过：${count} 行可以导入`);
    expect(ledgerFiles()).toEqual([]);
    expect(loanRows()).toBe(0);
    const applying = await apply(cookie, ok.job);
    expect(applying.status).toBe(303);
    const done = await settled(cookie, ok.job);
    expect(done.html).toMatch(new RegExp(`已导入 贷款台账 loans ${D1}：${count} 行（摘要 [0-9a-f]{16}…）`));
    expect(ledgerFiles()).toMatchObject([{ kind: 'loans', date: D1, lines: count }]);
    expect(loanRows()).toBe(count);

    // Confirming the same upload again, uploading the same file again, an earlier date: each refused on the page.
    const twice = await apply(cookie, ok.job);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('该文件已经导入，不能再次导入');
    const again = await previewOf(cookie, 'loans', D1, day1.loans);
    expect(again.html).toContain(`该文件已导入过（相同摘要，贷款台账 ${D1}），未做任何更改`);
    expect(again.html).not.toContain('确认导入');

    const next = await previewOf(cookie, 'repayments', D2, day2.repayments);
    await apply(cookie, next.job);
    expect((await settled(cookie, next.job)).html).toContain(`已导入 还款流水 repayments ${D2}`);
    const late = await previewOf(cookie, 'repayments', D1, day1.repayments);
    expect(late.html).toContain(`日期顺序错误：还款流水 已导入到 ${D2}，不能再导入更早的 ${D1}，未做任何更改`);

    const after = await (await fetch(`${web.url}/it`, { headers: { cookie } })).text();
    expect(after).toMatch(new RegExp(`<tr data-kind="loans">[\\s\\S]*?data-k="date">${D1}<`));
    expect(after).toMatch(new RegExp(`<tr data-kind="repayments">[\\s\\S]*?data-k="date">${D2}<`));
  }, 120_000);

  it('refuses a form without a kind, date or file on the console, in Chinese; another person cannot see the job', async () => {
    const cookie = await signIn(IT);
    const noDate = await upload(cookie, 'loans', '2026-02-30', day1.loans);
    expect(noDate.status).toBe(400);
    expect(await noDate.text()).toContain('业务日期应为有效日期 YYYY-MM-DD');
    const noKind = await upload(cookie, 'cards', D2, day1.loans);
    expect(await noKind.text()).toContain('请选择文件种类');
    const form = new FormData();
    form.set('kind', 'loans');
    form.set('date', D2);
    const noFile = await fetch(`${web.url}/it/feeds`, { method: 'POST', headers: { cookie }, body: form });
    expect(await noFile.text()).toContain('请选择要导入的核心系统文件');

    const { job } = await previewOf(cookie, 'events', D2, day2.events);
    const admin = await signIn(TEST_ADMIN);
    const foreign = await fetch(web.url + job, { headers: { cookie: admin } });
    expect(foreign.status).toBe(404);
    expect((await apply(admin, job)).status).toBe(404);
    expect(await foreign.text()).toContain('找不到这次上传');
  });
});

describe('the job page while a worker reads the file', () => {
  it('shows how far it has got and reloads itself, with nothing to confirm yet', async () => {
    const { feedJobPage } = await import('./feed-page');
    const html = feedJobPage('zh-CN', IT.name, {
      id: 'a'.repeat(32), viewer: IT.name, kind: 'repayments', date: D1, fileName: 'big.csv', bytes: 70_000_000, state: 'checking',
      progress: { read: 35_000_000, total: 70_000_000 }, preview: null, applied: null, refused: null, failed: null, createdAt: 0,
    });
    expect(html).toContain('<meta http-equiv="refresh" content="1">');
    expect(html).toContain('正在预检，未做任何更改：已读 50%');
    expect(html).toContain('<progress id="feed-progress" aria-label="进度" max="70000000" value="35000000">');
    expect(html).toContain('文件 big.csv（66.8 MB）· 还款流水 repayments · 业务日期 2026-03-02');
    expect(html).not.toContain('确认导入');
  });
});

import { formatYuan, type Fen } from '../../domain/money/fen';
import { hasMessage, translate, type Lang, type Params } from '../../i18n/translate';
import type { BranchFigures, SharedCustomer } from './reporting-store';

export const escape = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number) => escape(formatYuan(fen as Fen));
/** A translated message, HTML-escaped (parameters included). */
export const text = (lang: Lang, key: string, params: Params = {}) => escape(translate(key, params, lang));

/** A masked ID number: head office sees who is filed twice without the page showing whole ID numbers. */
const maskId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

const STYLE = `body{font:14px/1.5 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2937}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d1d5db;padding:6px 8px;text-align:left}
thead th{background:#f3f4f6}.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#6b7280}
header{display:flex;gap:16px;align-items:baseline;justify-content:space-between}form.inline{display:inline}
.error{color:#b91c1c}label{display:block;margin:8px 0 2px}input,select{font:inherit;padding:4px 6px;width:16em}button{font:inherit;margin-top:12px}
.ok{color:#166534}#notice{white-space:pre-line}td form{display:inline}td button,td input{margin:0 4px 0 0}td input{width:5em}a:focus,button:focus,input:focus,select:focus{outline:2px solid #2563eb}`;

export function frame(lang: Lang, title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">${head}
<title>${title}</title>
<style>${STYLE}</style></head><body>
${body}
</body></html>
`;
}

const otherLang = (lang: Lang): Lang => (lang === 'en' ? 'zh-CN' : 'en');
export const langLink = (lang: Lang, path: string) => `<a id="lang" href="${path}?lang=${otherLang(lang)}">${text(lang, 'report.otherLang')}</a>`;

function appStates(lang: Lang, counts: Record<string, number>): string {
  const label = (state: string) => (hasMessage(`credit.state.${state}`) ? translate(`credit.state.${state}`, {}, lang) : state);
  return Object.entries(counts).map(([s, n]) => `${escape(label(s))} ${n}`).join(lang === 'en' ? ', ' : '，') || '—';
}

/**
 * 总行跨网点看板 — the head-office cross-branch dashboard, rendered on the server from the reporting store (no
 * script; the page reloads itself every few seconds), in the signed-in viewer's language.
 */
export function dashboardPage(
  board: BranchFigures[],
  shared: SharedCustomer[],
  opts: { today: string; refreshSeconds: number; generatedAt: string; lang: Lang; viewer: string },
): string {
  const { lang } = opts;
  const rows = board
    .map(
      (b) => `<tr data-branch="${escape(b.branch)}">
  <th scope="row">${escape(b.branch)}</th>
  <td data-k="customers">${b.customers}</td>
  <td data-k="applications">${appStates(lang, b.applications)}</td>
  <td data-k="requested" class="num">${yuan(b.requestedFen)}</td>
  <td data-k="loans">${b.activeLoans}</td>
  <td data-k="balance" class="num">${yuan(b.loanBalanceFen)}</td>
  <td data-k="households">${text(lang, 'report.villages', { households: b.households, villages: b.villages })}</td>
  <td data-k="pre-credit" class="num">${yuan(b.preCreditFen)}</td>
  <td data-k="risk">${text(lang, 'report.riskCentre', { open: b.openRiskEvents, centre: b.riskCentreEvents })}</td>
  <td data-k="overdue" class="num">${yuan(b.overdueFen)}</td>
  <td data-k="queue">${text(lang, 'report.queue', { tickets: b.ticketsToday, waiting: b.waitingNow })}</td>
</tr>`,
    )
    .join('\n');
  const sharedRows = shared
    .map((s) => `<tr data-id="${escape(maskId(s.idNumber))}"><td>${escape(maskId(s.idNumber))}</td><td>${s.places.map((p) => `${escape(p.branch)}：${escape(p.name)}`).join('；')}</td></tr>`)
    .join('\n');
  const cols = ['branch', 'customers', 'applications', 'requested', 'loans', 'balance', 'households', 'preCredit', 'risk', 'overdue', 'queue'];
  return frame(
    lang,
    text(lang, 'report.title'),
    `<header><h1>${text(lang, 'report.title')}</h1>
<nav><a href="/risk">${text(lang, 'report.risk.link')}</a> · <a href="/value">${text(lang, 'valueDash.hoTitle')}</a> · <span id="viewer">${text(lang, 'report.signedInAs', { name: opts.viewer })}</span> · ${langLink(lang, '/')} ·
<form class="inline" method="post" action="/logout"><button type="submit">${text(lang, 'report.signOut')}</button></form></nav></header>
<p class="muted">${text(lang, 'report.asOf', { today: opts.today, generatedAt: opts.generatedAt, seconds: opts.refreshSeconds })}</p>
<table id="branches"><thead><tr>
${cols.map((c) => `<th>${text(lang, `report.col.${c}`)}</th>`).join('')}
</tr></thead><tbody>
${rows || `<tr><td colspan="${cols.length}">${text(lang, 'report.noBranches')}</td></tr>`}
</tbody></table>
<h2>${text(lang, 'report.shared')}</h2>
<table id="shared"><thead><tr><th>${text(lang, 'report.col.idNumber')}</th><th>${text(lang, 'report.col.places')}</th></tr></thead><tbody>
${sharedRows || `<tr><td colspan="2">${text(lang, 'report.none')}</td></tr>`}
</tbody></table>`,
    `\n<meta http-equiv="refresh" content="${opts.refreshSeconds}">`,
  );
}

/** The sign-in form; `problem` is a message key (wrong password, not allowed, locked, server unreachable). */
export function signInPage(lang: Lang, problem?: { key: string; params?: Params }, name = ''): string {
  return frame(
    lang,
    text(lang, 'report.signInTitle'),
    `<header><h1>${text(lang, 'report.signInTitle')}</h1><nav>${langLink(lang, '/login')}</nav></header>
${problem ? `<p class="error" role="alert">${text(lang, problem.key, problem.params)}</p>` : ''}
<form method="post" action="/login">
<label for="name">${text(lang, 'report.userName')}</label><input id="name" name="name" autocomplete="username" required autofocus value="${escape(name)}">
<label for="password">${text(lang, 'report.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<div><button type="submit">${text(lang, 'report.signIn')}</button></div>
</form>`,
  );
}

/** Signed in, but without the role this page needs. */
export function forbiddenPage(lang: Lang, name: string): string {
  return frame(
    lang,
    text(lang, 'it.forbidden', { name }),
    `<p class="error" role="alert">${text(lang, 'it.forbidden', { name })}</p>
<form method="post" action="/logout"><button type="submit" autofocus>${text(lang, 'report.signOut')}</button></form>`,
  );
}

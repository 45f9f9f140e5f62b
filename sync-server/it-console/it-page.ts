import { DEFAULT_TIME_ZONE, formatDateTime } from '../../domain/time/branch-time';
import { hasMessage, translate, type Lang } from '../../i18n/translate';
import type { DeviceAccount } from '../devices/enrolment';
import type { ChannelDoc } from '../releases/channel';
import type { DeviceRow } from '../releases/device-inventory';
import { escape, frame, langLink, text } from '../reporting/dashboard-page';
import type { FeedDesk } from './feed-desk';
import { feedSection } from './feed-page';

/** What one IT action left to say: a confirmation or a refusal, and a freshly issued enrolment code. */
export interface Outcome {
  notice?: { ok: boolean; text: string };
  code?: { user: string; code: string; expiresAt: string };
  /** The enrolment form as it was sent, when it was refused: nothing typed is lost. */
  enrolDraft?: { branch: string; deviceUser: string; hours: string };
}

export interface ConsoleView {
  lang: Lang;
  viewer: string;
  mayViewReports: boolean;
  channels: ChannelDoc[];
  devices: DeviceRow[];
  accounts: DeviceAccount[];
  branch: string;
  /** The feed ledger's newest files and the date the upload form proposes; null: no feed imports here. */
  feeds: { last: ReturnType<FeedDesk['lastApplied']>; date: string } | null;
}

const when = (iso: string | null) => escape(formatDateTime(iso, DEFAULT_TIME_ZONE));
const channelName = (lang: Lang, c: string) => text(lang, `it.channel.${c}`);

function header(lang: Lang, viewer: string, reports: boolean): string {
  return `<header><h1>${text(lang, 'it.title')}</h1>
<nav><span id="viewer">${text(lang, 'report.signedInAs', { name: viewer })}</span>${reports ? ` · <a href="/">${text(lang, 'it.toDashboard')}</a>` : ''} · ${langLink(lang, '/it')} ·
<form class="inline" method="post" action="/logout"><button type="submit">${text(lang, 'report.signOut')}</button></form></nav></header>`;
}

function outcome(o: Outcome, lang: Lang): string {
  const notice = o.notice
    ? o.notice.ok
      ? `<p id="notice" class="ok" role="status">${escape(o.notice.text)}</p>`
      : `<p id="notice" class="error" role="alert">${escape(o.notice.text)}</p>`
    : '';
  const code = o.code
    ? `<p>${text(lang, 'it.code', { user: o.code.user, expires: formatDateTime(o.code.expiresAt, DEFAULT_TIME_ZONE) })}</p>
<p><output id="enrol-code" style="font:20px monospace">${escape(o.code.code)}</output></p>`
    : '';
  return notice + code;
}

function channelRows(lang: Lang, channels: ChannelDoc[]): string {
  return channels
    .map((c) => {
      const state = c.version === null ? text(lang, 'it.nothingPublished') : c.paused ? text(lang, 'it.paused') : text(lang, 'it.serving');
      const pauseOrResume = c.paused ? 'resume' : 'pause';
      const actions = c.version === null ? '—' : `<form method="post" action="/it/channel"><input type="hidden" name="channel" value="${c.channel}"><input type="hidden" name="action" value="widen">
<input name="staging" type="number" min="1" max="100" required value="${c.staging}" aria-label="${channelName(lang, c.channel)} ${text(lang, 'it.staging')}"><button type="submit">${text(lang, 'it.widen')}</button></form>
<form method="post" action="/it/channel"><input type="hidden" name="channel" value="${c.channel}"><input type="hidden" name="action" value="${pauseOrResume}"><button type="submit">${text(lang, `it.${pauseOrResume}`)}</button></form>
<a href="/it/block?channel=${c.channel}&amp;version=${encodeURIComponent(c.version)}">${text(lang, 'it.block')}</a>`;
      return `<tr data-channel="${c.channel}"><th scope="row">${channelName(lang, c.channel)}</th>
<td data-k="version">${escape(c.version ?? '—')}</td><td data-k="staging">${c.version === null ? '—' : `${c.staging}%`}</td><td data-k="state">${state}</td>
<td data-k="blocked">${escape(c.blocked.join(', ') || '—')}</td><td>${actions}</td></tr>`;
    })
    .join('\n');
}

function updateText(lang: Lang, d: DeviceRow): string {
  const key = `devices.update.${d.updateState}`;
  return hasMessage(key) ? translate(key, { version: d.updateVersion ?? '', reason: d.updateReason ?? '' }, lang) : d.updateState;
}

function deviceRows(lang: Lang, devices: DeviceRow[]): string {
  const role = (r: string) => (hasMessage(`devices.role.${r}`) ? translate(`devices.role.${r}`, {}, lang) : r);
  return devices
    .map((d) => {
      const notes = [d.outOfDate ? 'devices.outOfDate' : '', d.failing ? 'devices.failing' : '', d.silent ? 'devices.silent' : ''].filter(Boolean);
      const attention = notes.length ? notes.map((k) => translate(k, {}, lang)).join(lang === 'en' ? '; ' : '；') : translate('devices.ok', {}, lang);
      return `<tr data-device="${escape(d.device)}"${notes.length ? ' class="error"' : ''}><td>${escape(d.branch)}</td><th scope="row">${escape(d.device)}</th><td>${escape(role(d.role))}</td>
<td data-k="version">${escape(d.appVersion)}</td><td>${escape(d.channel ?? translate('devices.noChannel', {}, lang))}</td><td data-k="update">${escape(updateText(lang, d))}</td>
<td data-k="last-sync">${d.lastSyncAt ? when(d.lastSyncAt) : text(lang, 'devices.never')}</td><td>${escape(d.os)}</td><td data-k="attention">${escape(attention)}</td></tr>`;
    })
    .join('\n');
}

function accountRows(lang: Lang, accounts: DeviceAccount[]): string {
  return accounts
    .map((a) => `<tr data-user="${escape(a.deviceUser)}"><td>${escape(a.branch ?? '—')}</td><th scope="row">${escape(a.deviceUser)}</th>
<td data-k="state">${text(lang, `it.enrolState.${a.state}`)}</td><td>${when(a.expiresAt)}</td><td>${when(a.revokedAt)}</td>
<td>${a.state === 'revoked' ? '—' : `<a href="/it/revoke?user=${encodeURIComponent(a.deviceUser)}">${text(lang, 'it.revoke')}</a>`}</td></tr>`)
    .join('\n');
}

const section = (id: string, title: string, body: string) => `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>\n${body}\n</section>`;
const th = (lang: Lang, keys: string[]) => `<thead><tr>${keys.map((k) => `<th>${text(lang, k)}</th>`).join('')}</tr></thead>`;

/**
 * 信息科技运维台 — head office IT's console, rendered on the server without script (forms post to /it/…): the
 * update channels with their rollout controls, publishing a release folder, every branch's devices, and device
 * enrolment codes and revocation. Dangerous actions (block a version, revoke a device) go through a confirmation page.
 */
export function consolePage(v: ConsoleView, o: Outcome = {}): string {
  const { lang } = v;
  const count = (f: (d: DeviceRow) => boolean) => v.devices.filter(f).length;
  const summary = text(lang, 'it.devicesSummary', { total: v.devices.length, outOfDate: count((d) => d.outOfDate), failing: count((d) => d.failing), silent: count((d) => d.silent) });
  const draft = o.enrolDraft ?? { branch: v.branch, deviceUser: '', hours: '24' };
  const channelOptions = v.channels.map((c) => `<option value="${c.channel}">${channelName(lang, c.channel)}</option>`).join('');
  return frame(
    lang,
    text(lang, 'it.title'),
    `${header(lang, v.viewer, v.mayViewReports)}
${outcome(o, lang)}
${section('channels', text(lang, 'it.channels'), `<table id="channel-table">${th(lang, ['it.col.channel', 'it.col.version', 'it.col.staging', 'it.col.state', 'it.col.blocked', 'it.col.actions'])}<tbody>
${channelRows(lang, v.channels)}
</tbody></table>`)}
${section('publish', text(lang, 'it.publishTitle'), `<p class="muted">${text(lang, 'it.publishHelp')}</p>
<form method="post" action="/it/publish" enctype="multipart/form-data">
<label for="publish-channel">${text(lang, 'it.channel')}</label><select id="publish-channel" name="channel">${channelOptions}</select>
<label for="publish-staging">${text(lang, 'it.staging')}</label><input id="publish-staging" name="staging" type="number" min="1" max="100" value="10" required>
<label for="publish-files">${text(lang, 'it.files')}</label><input id="publish-files" name="files" type="file" multiple required>
<div><button type="submit">${text(lang, 'it.publish')}</button></div>
</form>`)}
${v.feeds ? feedSection(lang, v.feeds.last, v.feeds.date) : ''}
${section('devices', text(lang, 'it.devices'), `<form method="get" action="/it"><label for="branch-filter">${text(lang, 'it.branchFilter')}</label><input id="branch-filter" name="branch" value="${escape(v.branch)}">
<button type="submit">${text(lang, 'it.filter')}</button></form>
<p id="devices-summary">${summary}</p>
<table id="device-table">${th(lang, ['it.col.branch', 'devices.col.device', 'devices.col.role', 'devices.col.version', 'devices.col.channel', 'devices.col.update', 'devices.col.lastSync', 'devices.col.os', 'devices.col.attention'])}<tbody>
${deviceRows(lang, v.devices) || `<tr><td colspan="9">${text(lang, 'it.noDevices')}</td></tr>`}
</tbody></table>`)}
${section('enrolments', text(lang, 'it.enrolments'), `<table id="enrolment-table">${th(lang, ['it.col.branch', 'it.col.deviceUser', 'it.col.enrolState', 'it.col.expires', 'it.col.revokedAt', 'it.col.actions'])}<tbody>
${accountRows(lang, v.accounts) || `<tr><td colspan="6">${text(lang, 'it.noEnrolments')}</td></tr>`}
</tbody></table>`)}
${section('enrol', text(lang, 'it.enrolTitle'), `<p class="muted">${text(lang, 'it.enrolHelp')}</p>
<form method="post" action="/it/enrol">
<label for="enrol-branch">${text(lang, 'it.branchFilter')}</label><input id="enrol-branch" name="branch" required value="${escape(draft.branch)}">
<label for="enrol-user">${text(lang, 'it.deviceUser')}</label><input id="enrol-user" name="deviceUser" required autocomplete="off" value="${escape(draft.deviceUser)}"${o.enrolDraft ? ' autofocus' : ''}>
<label for="enrol-hours">${text(lang, 'it.hours')}</label><input id="enrol-hours" name="hours" type="number" min="1" max="168" value="${escape(draft.hours)}" required>
<div><button type="submit">${text(lang, 'it.issue')}</button></div>
</form>`)}`,
  );
}

/**
 * The confirmation of a dangerous action: what will happen, a deliberate button, and 取消 focused first so that an
 * Enter pressed by habit cancels.
 */
export function confirmPage(lang: Lang, o: { title: string; question: string; action: string; fields: Record<string, string>; button: string }): string {
  const hidden = Object.entries(o.fields).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
  return frame(
    lang,
    escape(o.title),
    `<header><h1>${escape(o.title)}</h1></header>
<p id="question">${escape(o.question)}</p>
<form method="post" action="${escape(o.action)}">${hidden}<a href="/it" autofocus>${text(lang, 'it.cancel')}</a> <button type="submit">${escape(o.button)}</button></form>`,
  );
}

import type http from 'node:http';
import type { KeyObject } from 'node:crypto';
import { DEVICE_USER } from '../../domain/devices/enrolment';
import { addDays, branchDay, DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { translate, type Lang, type Params } from '../../i18n/translate';
import { deviceAccounts, EnrolmentRefused, issueEnrolment, revokeDevice } from '../devices/enrolment';
import type { CouchClient } from '../identity/couch';
import { CHANNELS, ChannelRefused, type Channel, type ChannelChange } from '../releases/channel';
import { deviceInventory } from '../releases/device-inventory';
import { readReleaseDir, ReleaseRefused, VERSION } from '../releases/release-dir';
import { changeChannel, publishRelease, readChannel } from '../releases/release-store';
import { HTML, readForm, type Reply } from '../reporting/web-form';
import { FeedDeskRefused, type FeedDesk } from './feed-desk';
import { FEEDS_PATH, feedJobPage } from './feed-page';
import { confirmPage, consolePage, type Outcome } from './it-page';
import { receiveRelease, UploadRefused } from './release-upload';

export const IT_HOME = '/it';

export interface ItConsoleOptions {
  /**
   * The console's own head-office credential (a server admin: device users live in `_users`, which only admins
   * write). It acts only for people the report server signed in with the role it-admin, and records their name.
   */
  couch: CouchClient;
  /** The release public key publishing checks signatures against; null: publishing is refused, saying why. */
  releaseKey: KeyObject | null;
  /** Core-banking file imports into head office's feed ledger (导入核心系统文件); absent: no such section. */
  feeds?: FeedDesk;
  now?: () => Date;
}

interface Request {
  viewer: string;
  lang: Lang;
  reply: Reply;
  /** Whether the signed-in person may also open the dashboard (for the link back). */
  mayViewReports?: boolean;
}

/** A refusal worded for the screen: the message key's text, answered with `status`. */
class Refusal extends Error {
  constructor(readonly status: number, readonly key: string, readonly params: Params = {}) {
    super(key);
  }
}

const BRANCH = /^[A-Za-z0-9]{2,16}$/;

function channelOf(value: string | null | undefined): Channel {
  if (!CHANNELS.includes(value as Channel)) throw new Refusal(400, 'it.bad.channel');
  return value as Channel;
}

function wholeNumber(value: string | null | undefined, min: number, max: number, key: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < min || n > max) throw new Refusal(400, key);
  return n;
}

async function render(o: ItConsoleOptions, r: Request, status: number, outcome: Outcome, branchFilter = ''): Promise<void> {
  const now = (o.now ?? (() => new Date()))();
  const branch = BRANCH.test(branchFilter) ? branchFilter.toUpperCase() : '';
  const [channels, devices, accounts] = await Promise.all([
    Promise.all(CHANNELS.map((c) => readChannel(o.couch, c))),
    deviceInventory(o.couch, now, branch ? [branch] : undefined),
    deviceAccounts({ couch: o.couch, now }),
  ]);
  // T+1: the file IT imports in the morning is yesterday's.
  const feeds = o.feeds ? { last: o.feeds.lastApplied(), date: addDays(branchDay(now, DEFAULT_TIME_ZONE), -1) } : null;
  const page = consolePage(
    { lang: r.lang, viewer: r.viewer, mayViewReports: r.mayViewReports ?? false, channels, devices, accounts: accounts.filter((a) => !branch || a.branch === branch), branch, feeds },
    outcome,
  );
  r.reply(status, HTML, page);
}

async function publish(o: ItConsoleOptions, req: http.IncomingMessage, r: Request): Promise<string> {
  if (!o.releaseKey) throw new Refusal(409, 'it.noReleaseKey');
  const upload = await receiveRelease(req).catch((e: unknown) => {
    throw e instanceof UploadRefused ? new Refusal(400, 'it.bad.upload', { reason: e.message }) : e;
  });
  try {
    const channel = channelOf(upload.fields.get('channel'));
    const staging = wholeNumber(upload.fields.get('staging'), 1, 100, 'it.bad.staging');
    if (!upload.files.length) throw new Refusal(400, 'it.bad.files');
    const bundle = await readReleaseDir(upload.dir, o.releaseKey);
    const served = await publishRelease({ couch: o.couch, by: r.viewer }, bundle, channel, staging);
    return translate('it.published', { version: bundle.version, channel, staging: served.staging }, r.lang);
  } finally {
    upload.cleanup();
  }
}

async function channelAction(o: ItConsoleOptions, form: URLSearchParams, r: Request): Promise<string> {
  const channel = channelOf(form.get('channel'));
  const action = form.get('action');
  let change: ChannelChange;
  if (action === 'widen') change = { action, staging: wholeNumber(form.get('staging'), 1, 100, 'it.bad.staging') };
  else if (action === 'pause' || action === 'resume') change = { action };
  else if (action === 'block') {
    const version = form.get('version') ?? '';
    if (!VERSION.test(version)) throw new Refusal(400, 'it.bad.version');
    change = { action, version };
  } else throw new Refusal(400, 'it.bad.channel');
  const c = await changeChannel({ couch: o.couch, by: r.viewer }, channel, change);
  const state = c.version === null ? translate('it.nothingPublished', {}, r.lang)
    : `${c.version} · ${c.paused ? translate('it.paused', {}, r.lang) : `${c.staging}%`}${c.blocked.length ? ` · ${c.blocked.join(', ')} ✕` : ''}`;
  return translate('it.changed', { channel, state }, r.lang);
}

async function enrol(o: ItConsoleOptions, form: URLSearchParams, r: Request): Promise<Outcome> {
  const branch = (form.get('branch') ?? '').trim();
  const deviceUser = (form.get('deviceUser') ?? '').trim();
  if (!BRANCH.test(branch)) throw new Refusal(400, 'it.bad.branch');
  if (!DEVICE_USER.test(deviceUser)) throw new Refusal(400, 'it.bad.deviceUser');
  const hours = wholeNumber(form.get('hours'), 1, 168, 'it.bad.hours');
  const issued = await issueEnrolment({ couch: o.couch, by: r.viewer, now: (o.now ?? (() => new Date()))() }, { branchCode: branch, deviceUser, hours });
  return { code: { user: deviceUser, code: issued.code, expiresAt: issued.expiresAt } };
}

async function revoke(o: ItConsoleOptions, form: URLSearchParams, r: Request): Promise<string> {
  const user = form.get('user') ?? '';
  if (!DEVICE_USER.test(user)) throw new Refusal(400, 'it.bad.deviceUser');
  await revokeDevice({ couch: o.couch, by: r.viewer, now: (o.now ?? (() => new Date()))() }, user);
  return translate('it.revoked', { user }, r.lang);
}

/** What a refused action says on the page, in the viewer's language; anything unexpected is rethrown. */
function refusalOf(e: unknown, lang: Lang): { status: number; text: string } {
  if (e instanceof Refusal) return { status: e.status, text: translate(e.key, e.params, lang) };
  if (e instanceof ReleaseRefused) return { status: 409, text: translate('it.refused', { reason: e.problems.join('\n') }, lang) };
  if (e instanceof ChannelRefused || e instanceof EnrolmentRefused) {
    return { status: 409, text: translate('it.refused', { reason: e.message }, lang) };
  }
  return { status: 502, text: translate('it.failed', { reason: (e as Error).message }, lang) };
}

function confirmation(url: URL, r: Request): string | null {
  const t = (key: string, params: Params = {}) => translate(key, params, r.lang);
  if (url.pathname === `${IT_HOME}/revoke`) {
    const user = url.searchParams.get('user') ?? '';
    if (!DEVICE_USER.test(user)) return null;
    return confirmPage(r.lang, { title: t('it.confirmRevokeTitle'), question: t('it.confirmRevoke', { user }), action: `${IT_HOME}/revoke`, fields: { user }, button: t('it.confirmRevokeButton') });
  }
  const channel = url.searchParams.get('channel') ?? '';
  const version = url.searchParams.get('version') ?? '';
  if (!CHANNELS.includes(channel as Channel) || !VERSION.test(version)) return null;
  return confirmPage(r.lang, {
    title: t('it.confirmBlockTitle'), question: t('it.confirmBlock', { channel, version }), action: `${IT_HOME}/channel`,
    fields: { channel, action: 'block', version }, button: t('it.confirmBlockButton'),
  });
}

const JOB_PATH = new RegExp(`^${FEEDS_PATH}/([0-9a-f]{32})(/apply)?$`);

/**
 * 导入核心系统文件: POST /it/feeds uploads a file and starts its preview, GET /it/feeds/<id> shows it (progress,
 * refused lines, or the 确认导入 button), POST /it/feeds/<id>/apply imports it. A refusal is shown on the page it
 * came from, in Chinese.
 */
async function handleFeeds(o: ItConsoleOptions, req: http.IncomingMessage, url: URL, r: Request): Promise<void> {
  const desk = o.feeds;
  if (!desk) return r.reply(404, 'text/plain; charset=utf-8', 'not found');
  const refusedText = (e: unknown) => {
    if (e instanceof FeedDeskRefused) return translate(e.key, e.params, r.lang);
    throw e;
  };
  const toJob = (id: string) => r.reply(303, 'text/plain; charset=utf-8', '', { location: `${FEEDS_PATH}/${id}` });
  if (req.method === 'POST' && url.pathname === FEEDS_PATH) {
    try {
      return toJob((await desk.receive(req, r.viewer)).id);
    } catch (e) {
      return render(o, r, 400, { notice: { ok: false, text: refusedText(e) } });
    }
  }
  const [, id, apply] = JOB_PATH.exec(url.pathname) ?? [];
  const job = id ? desk.job(id, r.viewer) : undefined;
  if (!id || (req.method === 'GET') === Boolean(apply) || (req.method !== 'GET' && req.method !== 'POST')) return r.reply(404, 'text/plain; charset=utf-8', 'not found');
  if (!job) return render(o, r, 404, { notice: { ok: false, text: translate('it.feed.gone', {}, r.lang) } });
  if (req.method === 'GET') return r.reply(200, HTML, feedJobPage(r.lang, r.viewer, job));
  try {
    await desk.apply(job.id, r.viewer);
  } catch (e) {
    return r.reply(409, HTML, feedJobPage(r.lang, r.viewer, job, refusedText(e)));
  }
  return toJob(job.id);
}

/**
 * Head office IT's console under /it of `jingwei report` (the caller has checked the it-admin role). Every action
 * goes through the same services as `jingwei release …`, and the page answers with the result and the fresh state.
 */
export async function handleItConsole(o: ItConsoleOptions, req: http.IncomingMessage, url: URL, r: Request): Promise<void> {
  const key = `${req.method} ${url.pathname}`;
  if (url.pathname === FEEDS_PATH || url.pathname.startsWith(`${FEEDS_PATH}/`)) return handleFeeds(o, req, url, r);
  if (key === `GET ${IT_HOME}`) return render(o, r, 200, {}, url.searchParams.get('branch') ?? '');
  if (key === `GET ${IT_HOME}/revoke` || key === `GET ${IT_HOME}/block`) {
    const page = confirmation(url, r);
    return page ? r.reply(200, HTML, page) : r.reply(303, 'text/plain; charset=utf-8', '', { location: IT_HOME });
  }
  const actions: Record<string, (form: URLSearchParams) => Promise<string | Outcome>> = {
    [`POST ${IT_HOME}/channel`]: (form) => channelAction(o, form, r),
    [`POST ${IT_HOME}/enrol`]: (form) => enrol(o, form, r),
    [`POST ${IT_HOME}/revoke`]: (form) => revoke(o, form, r),
  };
  if (key !== `POST ${IT_HOME}/publish` && !actions[key]) return r.reply(404, 'text/plain; charset=utf-8', 'not found');
  let done: string | Outcome;
  let form: URLSearchParams | null = null;
  try {
    if (key === `POST ${IT_HOME}/publish`) done = await publish(o, req, r);
    else {
      form = await readForm(req);
      if (!form) throw new Refusal(400, 'it.bad.form');
      done = await actions[key]!(form);
    }
  } catch (e) {
    const refused = refusalOf(e, r.lang);
    const enrolDraft = key === `POST ${IT_HOME}/enrol` && form
      ? { branch: form.get('branch') ?? '', deviceUser: form.get('deviceUser') ?? '', hours: form.get('hours') ?? '24' } : undefined;
    return render(o, r, refused.status, { notice: { ok: false, text: refused.text }, enrolDraft });
  }
  return render(o, r, 200, typeof done === 'string' ? { notice: { ok: true, text: done } } : done);
}

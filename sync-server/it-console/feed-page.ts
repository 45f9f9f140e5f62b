import { FEED_KINDS } from '../../domain/post-loan/feed-formats';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../domain/time/branch-time';
import { translate, type Lang } from '../../i18n/translate';
import { escape, frame, text } from '../reporting/dashboard-page';
import type { FeedDesk, FeedJob } from './feed-desk';

export const FEEDS_PATH = '/it/feeds';

/** A kind's label, plain (as a message parameter: the message is escaped as a whole). */
const kindLabel = (lang: Lang, kind: string) => translate(`it.feed.kind.${kind}`, {}, lang);
const kindName = (lang: Lang, kind: string) => escape(kindLabel(lang, kind));
const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const percent = (p: { read: number; total: number }) => (p.total ? Math.floor((p.read / p.total) * 100) : 0);

/** The console's 导入核心系统文件 section: the newest file of each kind, and the upload form (kind, date, file). */
export function feedSection(lang: Lang, last: ReturnType<FeedDesk['lastApplied']>, today: string): string {
  const rows = last
    .map((f) => `<tr data-kind="${f.kind}"><th scope="row">${kindName(lang, f.kind)}</th><td data-k="date">${f.date}</td><td class="num">${f.lines}</td><td>${escape(formatDateTime(f.appliedAt, DEFAULT_TIME_ZONE))}</td></tr>`)
    .join('\n');
  const options = FEED_KINDS.map((k) => `<option value="${k}">${kindName(lang, k)}</option>`).join('');
  return `<section id="feeds" aria-labelledby="feeds-title"><h2 id="feeds-title">${text(lang, 'it.feedTitle')}</h2>
<p class="muted">${text(lang, 'it.feedHelp')}</p>
<table id="feed-table" aria-label="${text(lang, 'it.feed.last')}"><thead><tr><th>${text(lang, 'it.feed.col.kind')}</th><th>${text(lang, 'it.feed.col.date')}</th><th>${text(lang, 'it.feed.col.lines')}</th><th>${text(lang, 'it.feed.col.appliedAt')}</th></tr></thead><tbody>
${rows || `<tr><td colspan="4">${text(lang, 'it.feed.none')}</td></tr>`}
</tbody></table>
<form method="post" action="${FEEDS_PATH}" enctype="multipart/form-data">
<label for="feed-kind">${text(lang, 'it.feed.kind')}</label><select id="feed-kind" name="kind">${options}</select>
<label for="feed-date">${text(lang, 'it.feed.date')}</label><input id="feed-date" name="date" type="date" required value="${escape(today)}">
<label for="feed-file">${text(lang, 'it.feed.file')}</label><input id="feed-file" name="file" type="file" accept=".csv,text/csv" required>
<div><button type="submit">${text(lang, 'it.feed.preview')}</button></div>
</form></section>`;
}

function problemsTable(lang: Lang, job: FeedJob): string {
  const r = job.refused!;
  if (!r.problems.length) return '';
  // The rule is the message after its 第N行 字段「…」： prefix (LineProblem keeps the whole sentence).
  const rows = r.problems
    .map((p) => `<tr><td class="num">${p.line}</td><td>${p.field === null ? text(lang, 'it.feed.wholeLine') : escape(p.field)}</td><td>${escape(p.messageZh.slice(p.messageZh.indexOf('：') + 1))}</td></tr>`)
    .join('\n');
  const more = r.problemCount > r.problems.length ? `<p>${text(lang, 'it.feed.more', { n: r.problemCount - r.problems.length })}</p>` : '';
  return `<table id="feed-problems"><thead><tr><th>${text(lang, 'it.feed.col.line')}</th><th>${text(lang, 'it.feed.col.field')}</th><th>${text(lang, 'it.feed.col.rule')}</th></tr></thead><tbody>
${rows}
</tbody></table>${more}`;
}

function jobState(lang: Lang, job: FeedJob): string {
  const status = (key: string, params = {}) => `<p id="feed-state" class="ok" role="status">${text(lang, key, params)}</p>`;
  const alert = (key: string, params = {}) => `<p id="feed-state" class="error" role="alert">${text(lang, key, params)}</p>`;
  switch (job.state) {
    case 'checking':
    case 'applying':
      return `<p id="feed-state" role="status">${text(lang, job.state === 'checking' ? 'it.feed.checking' : 'it.feed.applying', { percent: percent(job.progress) })}</p>
<progress id="feed-progress" aria-label="${text(lang, 'it.feed.progress')}" max="${job.progress.total}" value="${job.progress.read}"></progress>`;
    case 'previewed': {
      const p = job.preview!;
      return `${status('it.feed.previewed', { lines: p.lines, encoding: p.encoding, digest: p.digest.slice(0, 16) })}
<form method="post" action="${FEEDS_PATH}/${job.id}/apply"><button type="submit" autofocus>${text(lang, 'it.feed.apply')}</button> <a href="/it#feeds">${text(lang, 'it.cancel')}</a></form>`;
    }
    case 'applied': {
      const a = job.applied!;
      return status('it.feed.applied', { kind: kindLabel(lang, a.kind), date: a.date, lines: a.lines, digest: a.digest.slice(0, 16) });
    }
    case 'refused':
      return alert('it.feed.refused', { reason: job.refused!.messageZh }) + problemsTable(lang, job);
    case 'failed':
      return alert('it.feed.failed', { reason: job.failed ?? '' });
  }
}

/**
 * One uploaded file's page: progress while a worker reads it (the page reloads itself every second — no script),
 * then the preview with every refused line (line, field, rule) or the 确认导入 button, then the import's result.
 */
export function feedJobPage(lang: Lang, viewer: string, job: FeedJob, notice?: string): string {
  const running = job.state === 'checking' || job.state === 'applying';
  const info = text(lang, 'it.feed.fileInfo', { file: job.fileName, size: sizeOf(job.bytes), kind: kindLabel(lang, job.kind), date: job.date });
  return frame(
    lang,
    text(lang, 'it.feedTitle'),
    `<header><h1>${text(lang, 'it.feedTitle')}</h1><nav><span id="viewer">${text(lang, 'report.signedInAs', { name: viewer })}</span></nav></header>
${notice ? `<p id="notice" class="error" role="alert">${escape(notice)}</p>` : ''}
<p id="feed-file-info">${info}</p>
${jobState(lang, job)}
${running ? '' : `<p><a href="/it#feeds">${text(lang, 'it.feed.again')}</a></p>`}`,
    running ? '<meta http-equiv="refresh" content="1">' : '',
  );
}

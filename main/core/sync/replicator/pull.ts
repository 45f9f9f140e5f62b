import { HttpError } from '../http/errors';
import { passCarries } from './local-db';
import { orderedPool } from './ordered-pool';
import { batchesOf, Pass } from './pass';
import type { Doc } from './types';

/**
 * Head office → local. Per page of the server's feed (its own selector, so this pass reads only its rows): a
 * local revs_diff, then the missing revisions by `_bulk_get` in groups, attachment bodies the store lacks by
 * binary GETs, and the writes in slices that leave the event loop free for the counter's requests.
 *
 * Without `_selector` on the server both passes read the whole feed; the records pass then leaves documents with
 * attachments to the blobs pass, which stores whatever is still missing.
 */
export class PullPass extends Pass {
  /** Live sync: waits at the server (longpoll) up to `waitMs` for a change of this pass after the cursor. */
  async hasNews(waitMs: number, signal: AbortSignal): Promise<boolean> {
    const page = await this.ctx.remote.changes({ since: this.cursor, limit: 1, selector: this.ctx.selector, longpollMs: waitMs }, signal);
    return page.rows.length > 0;
  }

  protected async walk(signal: AbortSignal): Promise<void> {
    const { local, remote, tuning, selector } = this.ctx;
    for (;;) {
      const limit = this.feedRows();
      const page = await remote.changes({ since: this.cursor, limit, selector }, signal);
      if (!page.rows.length) {
        this.cursor = page.lastSeq;
        return;
      }
      const rows = page.rows.filter((r) => !this.ctx.known.covers(r));
      const diff = rows.length ? await local.revsDiff(Object.fromEntries(rows.map((r) => [r.id, r.changes.map((c) => c.rev)]))) : {};
      const wanted = Object.entries(diff).flatMap(([id, d]) => d.missing.map((rev) => ({ id, rev })));
      const groups = batchesOf(wanted, () => 1, () => this.limits());
      await orderedPool(groups, tuning.concurrency, (g, s) => this.fetchAndStore(g, s), () => this.completed(), signal);
      if (!wanted.length) this.completed();
      await this.advance(page.lastSeq);
      if (page.rows.length < limit) return;
    }
  }

  private async fetchAndStore(group: { id: string; rev: string }[], signal: AbortSignal): Promise<void> {
    const { local, remote, kind, selector } = this.ctx;
    const { docs } = await remote.getRevs(group, signal);
    const keep: Doc[] = [];
    const { pullTypes } = this.ctx;
    for (const doc of docs) {
      if (!selector && kind === 'docs' && !passCarries('docs', doc)) continue;
      // Tombstones carry no type; a deletion of a document this store never took changes nothing here.
      if (!selector && pullTypes && !doc._deleted && !pullTypes.includes(String(doc.type))) continue;
      if (await this.withBodies(doc, signal)) keep.push(doc);
    }
    const errors = await local.write(keep);
    this.stats.writeFailures += errors.length;
    this.count(keep, errors);
  }

  /** Fetches the attachment bodies this store does not hold; false when the revision vanished meanwhile. */
  private async withBodies(doc: Doc, signal: AbortSignal): Promise<boolean> {
    const atts = doc._attachments;
    if (!atts || !Object.keys(atts).length) return true;
    const known = await this.ctx.local.knownDigests(doc._id);
    for (const [name, att] of Object.entries(atts)) {
      if (att.digest && known.has(att.digest)) continue;
      try {
        const data = await this.ctx.remote.attachment(doc._id, name, doc._rev, signal);
        atts[name] = { content_type: att.content_type, ...(att.revpos ? { revpos: att.revpos } : {}), data };
      } catch (e) {
        // Replaced or compacted since the feed was read: its newer revision is further down the feed.
        if (e instanceof HttpError && e.status === 404) return false;
        throw e;
      }
    }
    return true;
  }
}

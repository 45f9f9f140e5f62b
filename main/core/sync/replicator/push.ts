import { HttpError } from '../http/errors';
import { multipartRelated } from '../http/multipart';
import type { LocalChange } from './local-db';
import { orderedPool } from './ordered-pool';
import { batchesOf, Pass } from './pass';
import type { Doc, RevsDiff, WriteError } from './types';
import { Uplink } from './uplink';

const generation = (rev: string) => parseInt(rev, 10) || 0;

/**
 * The newest generation among the revisions the server says it may already hold as ancestors of `doc`:
 * attachments older than that are on the server already and travel as stubs (CouchDB's `atts_since`).
 */
function ancestorGeneration(doc: Doc, possible: string[] | undefined): number {
  const history = doc._revisions;
  if (!possible?.length || !history) return 0;
  let best = 0;
  for (const rev of possible) {
    const gen = generation(rev);
    const hash = rev.slice(rev.indexOf('-') + 1);
    if (history.ids[history.start - gen] === hash) best = Math.max(best, gen);
  }
  return best;
}

/** Per-document errors that are the document's own (validation, permissions); any other error retries the batch. */
const REFUSALS = new Set(['forbidden', 'unauthorized', 'bad_request']);

function refusalsOf(errors: WriteError[]): WriteError[] {
  const other = errors.find((e) => !REFUSALS.has(e.error));
  if (other) throw new HttpError(503, other.error, `_bulk_docs could not store ${other.id}: ${other.reason ?? other.error}`);
  return errors;
}

/**
 * Local → head office. Per batch: `_revs_diff`, then the missing revisions — records together in one gzipped
 * `_bulk_docs?new_edits=false`, documents with new attachment bodies one by one as multipart/related PUTs with
 * the bodies in binary. While one batch uploads, the next one's revs_diff is already under way.
 */
export class PushPass extends Pass {
  private readonly uplink = new Uplink();

  protected async walk(signal: AbortSignal): Promise<void> {
    const { local, tuning } = this.ctx;
    for (;;) {
      // What this device just pulled is on both sides: passed over without reading it.
      const page = await local.changes(this.cursor, tuning.feedRows, this.ctx.kind, (r) => this.ctx.known.holds(r));
      const rows = page.rows;
      const batches = batchesOf(rows, (r) => r.bytes, () => this.limits());
      await orderedPool(batches, tuning.concurrency, (batch, s) => this.send(batch, s), (_r, batch) => {
        this.completed();
        return this.advance(batch.at(-1)!.seq);
      }, signal);
      // Rows of the other pass after the last batch were read too: the next read starts past them.
      this.cursor = page.lastSeq;
      if (page.end) return;
    }
  }

  private async send(batch: LocalChange[], signal: AbortSignal): Promise<void> {
    const { local, remote } = this.ctx;
    const asked = Object.fromEntries(batch.map((r) => [r.id, r.changes.map((c) => c.rev)]));
    const t0 = performance.now();
    let askedBytes = Infinity;
    const diff: RevsDiff = await remote.revsDiff(asked, signal, (n) => (askedBytes = n));
    // A small question's answer times the round trip (the first batches are small: see Pass's slow start).
    if (askedBytes < 4096) this.uplink.observe(0, performance.now() - t0);
    const records: Doc[] = [];
    const withBodies: { doc: Doc; names: string[] }[] = [];
    const wanted = Object.entries(diff).flatMap(([id, { missing }]) => (missing?.length ? [{ id, revs: missing }] : []));
    for (const doc of await local.readRevs(wanted)) {
      const since = ancestorGeneration(doc, diff[doc._id]?.possible_ancestors);
      const names = Object.entries(doc._attachments ?? {}).filter(([, a]) => (a.revpos ?? Infinity) > since).map(([n]) => n);
      if (names.length) withBodies.push({ doc, names });
      else records.push(doc);
    }
    const refused: WriteError[] = [];
    if (records.length) refused.push(...refusalsOf(await this.uplink.send(0, (announce) => remote.bulkDocs(records, signal, announce))));
    for (const { doc, names } of withBodies) {
      const bodies = new Map<string, Buffer>();
      for (const name of names) bodies.set(name, await local.attachment(doc._id, name, doc._rev));
      const part = multipartRelated(doc, bodies);
      const err = await this.uplink.send(part.body.length, () => remote.putMultipart(doc, part, signal));
      if (err) refused.push(err);
    }
    for (const r of refused) {
      this.stats.denied.push({ id: r.id, reason: r.reason ?? r.error });
      this.stats.writeFailures++;
    }
    this.count([...records, ...withBodies.map((w) => w.doc)], refused);
  }
}

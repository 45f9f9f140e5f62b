import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, staff } from '../../sync-server/couchdb/vdu-corpus';
import { COUCHDB_ADMIN, COUCHDB_URL, DEVICE, SIGNER, freshRev, headOffice, json, type HeadOffice } from './support';

type Who = { name: string; password: string };
/** Accepted (null) or the refusal, for one replicated write (how the branch's sync client writes). */
async function replicate(ho: HeadOffice, doc: Record<string, unknown>, who: Who): Promise<string | null> {
  const res = await json(`${ho.url}/branch-hm01/_bulk_docs`, {
    method: 'POST',
    auth: who,
    body: JSON.stringify({ new_edits: false, docs: [{ ...doc, _rev: freshRev() }] }),
  });
  if (res.status !== 201) return `HTTP ${res.status} ${JSON.stringify(res.body)}`;
  const failures = res.body as { error?: string; reason?: string }[];
  return failures.length === 0 ? null : `${failures[0]?.error}: ${failures[0]?.reason}`;
}

describe.skipIf(!COUCHDB_URL)('the validation design document on Apache CouchDB', () => {
  let couch: HeadOffice;
  let ours: HeadOffice;
  beforeAll(async () => {
    couch = await headOffice('couchdb');
    ours = await headOffice('ours');
  });
  afterAll(async () => {
    await ours?.stop();
  });

  it('accepts and refuses every corpus document exactly as the embedded server does (device writes, replicated)', async () => {
    let refused = 0;
    for (const doc of corpus) {
      const who = String(doc._id).startsWith('_design/') ? null : DEVICE;
      const onCouch = await replicate(couch, doc, who ?? COUCHDB_ADMIN);
      const onOurs = await replicate(ours, doc, who ?? ours.admin);
      expect(onCouch === null, `${JSON.stringify(doc)}\n  CouchDB: ${onCouch}\n  ours: ${onOurs}`).toBe(onOurs === null);
      if (onCouch !== null) {
        refused++;
        expect(onCouch, JSON.stringify(doc)).toMatch(/^forbidden: /);
      }
    }
    expect(refused).toBeGreaterThan(10);
  });

  it('lets head office\'s identity service write signed staff, and nobody at the branch', async () => {
    expect(await replicate(couch, staff, SIGNER)).toBeNull();
    expect(await replicate(couch, staff, DEVICE)).toMatch(/^forbidden: .*head office only/);
    expect(await replicate(ours, staff, SIGNER)).toBeNull();
  });

  // The Chinese sentence naming the field is the same; the detail in brackets differs: the design document's ES5
  // checker words it itself ("must have at least 1 characters"), our server quotes zod ("Too small: …").
  it('refuses the same documents through PUT, naming the same field in the same Chinese sentence as the embedded server', async () => {
    const bad = corpus.filter((d) => !String(d._id).startsWith('_design/') && !('_deleted' in d)).slice(0, 12);
    for (const doc of bad) {
      const id = encodeURIComponent(String(doc._id));
      const a = await json(`${couch.url}/branch-hm01/${id}?new_edits=false`, { method: 'PUT', auth: DEVICE, body: JSON.stringify({ ...doc, _rev: freshRev() }) });
      const b = await json(`${ours.url}/branch-hm01/${id}?new_edits=false`, { method: 'PUT', auth: DEVICE, body: JSON.stringify({ ...doc, _rev: freshRev() }) });
      expect(a.status, `${JSON.stringify(doc)} ${JSON.stringify(a.body)} vs ${JSON.stringify(b.body)}`).toBe(b.status);
      const sentence = (body: unknown) => (body as { reason: string }).reason.split(' (')[0];
      if (a.status === 403) expect(sentence(a.body)).toBe(sentence(b.body));
    }
  });
});

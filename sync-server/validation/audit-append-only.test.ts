import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBranch } from '../provision';
import { ON_COUCHDB, startTestServer, TEST_ADMIN, type TestServer } from '../test-support';

/**
 * Head office's attack script of issue #10 item 5, against the embedded server: with the branch device credential
 * (on every desk PC) try to remove or rewrite audit history that has reached head office.
 */
let server: TestServer;
const device = { name: 'hm01-teller-pc', password: 'device-password-01' };
const db = '/branch-hm01';
const entry = (seq: number, action = 'customer.create') => ({
  _id: `audit:HM01-A:${String(seq).padStart(10, '0')}`, type: 'audit', device: 'HM01-A', seq, at: '2026-12-01T08:00:00Z',
  actor: 'T001', actorName: '王柜员', action, entity: 'customer:X', before: null, after: { name: '王五' },
  prevHash: '0'.repeat(64), hash: String(seq % 10).repeat(64),
});
const anchorId = `audit-anchor:HM01-A:0000000001:${'1'.repeat(64)}`;

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  for (const doc of [entry(1), entry(2)]) expect((await server.req('PUT', `${db}/${doc._id}`, { body: doc, auth: device })).status).toBe(201);
  expect((await server.req('PUT', `${db}/${anchorId}`, { body: { type: 'audit-anchor', at: '2026-12-01T08:00:01Z' }, auth: device })).status).toBe(201);
});
afterAll(() => server.stop());

const revOf = async (id: string) => (await server.req('GET', `${db}/${id}`)).json._rev as string;

/**
 * A change that must be refused. A CouchDB cluster (n=3, w=2) acknowledges a write once two copies hold it; the
 * third, not reached yet, answers a change of it with a conflict, which the coordinator may return instead of the
 * other copies' 403 — no copy takes the change either way. On CouchDB a 409 is tried again until the write has
 * reached every copy, so the refusal itself (403 and its reason) is what is checked, everywhere.
 */
async function refused(method: string, path: string, opts: Parameters<TestServer['req']>[2]) {
  const end = Date.now() + 15_000;
  for (;;) {
    const res = await server.req(method, path, opts);
    if (!ON_COUCHDB || res.status !== 409 || Date.now() > end) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('audit history at head office cannot be removed or rewritten', () => {
  it('refuses deleting an audit entry or an anchor, for the device and for the admin alike', async () => {
    for (const id of [entry(2)._id, anchorId]) {
      const rev = await revOf(id);
      for (const auth of [device, TEST_ADMIN]) {
        const del = await server.req('DELETE', `${db}/${id}?rev=${rev}`, { auth });
        expect(del.status, id).toBe(403);
        expect(del.json.reason).toMatch(/不可删除/);
      }
      const bulkDelete = await server.req('POST', `${db}/_bulk_docs`, { body: { docs: [{ _id: id, _rev: rev, _deleted: true }] }, auth: device });
      expect(bulkDelete.json[0]).toMatchObject({ error: 'forbidden' });
      expect((await server.req('GET', `${db}/${id}`)).status).toBe(200);
    }
  });

  it('refuses editing an entry through the API or by replicating a later revision', async () => {
    const id = entry(1)._id;
    const rev = await revOf(id);
    const edited = { ...entry(1), actor: 'X999', _rev: rev };
    expect((await server.req('PUT', `${db}/${id}`, { body: edited, auth: device })).status).toBe(403);
    const replicated = await server.req('POST', `${db}/_bulk_docs`, {
      body: { new_edits: false, docs: [{ ...edited, _rev: `2-${'f'.repeat(32)}`, _revisions: { start: 2, ids: ['f'.repeat(32), rev.slice(2)] } }] },
      auth: device,
    });
    expect(replicated.json).toEqual([expect.objectContaining({ error: 'forbidden' })]);
    // A deletion replicated the way PouchDB sends a local `remove()` up.
    const tombstone = await server.req('POST', `${db}/_bulk_docs`, {
      body: { new_edits: false, docs: [{ _id: id, _rev: `2-${'e'.repeat(32)}`, _revisions: { start: 2, ids: ['e'.repeat(32), rev.slice(2)] }, _deleted: true }] },
      auth: device,
    });
    expect(tombstone.json).toEqual([expect.objectContaining({ error: 'forbidden' })]);
    expect((await server.req('GET', `${db}/${id}`)).json).toMatchObject({ actor: 'T001', _rev: rev });
  });

  it('lets replication deliver an entry again (same first revision) without complaint', async () => {
    const doc = { ...entry(1), _rev: await revOf(entry(1)._id) };
    const again = await server.req('POST', `${db}/_bulk_docs`, { body: { new_edits: false, docs: [doc] }, auth: device });
    expect(again.json).toEqual([]);
  });
});

describe('a village review score at head office cannot be changed once handed in (村组评议 is blind)', () => {
  it('refuses rewriting or deleting a score document, for the device and for the admin alike', async () => {
    const id = 'village-review-score:01KBV8Y0000000000000000000:1';
    const score = {
      type: 'village-review-score', branch: 'HM01', reviewId: 'village-review:01KBV8Y0000000000000000000', seat: 1,
      scores: [{ integrity: 'A', recommend: true, suggestedLimitFen: 5_000_000, reasons: '' }], at: '2026-12-01T08:00:00Z', recordedBy: 'M001',
    };
    expect((await server.req('PUT', `${db}/${id}`, { body: score, auth: device })).status).toBe(201);
    const rev = await revOf(id);
    for (const auth of [device, TEST_ADMIN]) {
      const changed = await refused('PUT', `${db}/${id}`, { body: { ...score, _rev: rev, scores: [{ ...score.scores[0], recommend: false, suggestedLimitFen: 0 }] }, auth });
      expect(changed.status).toBe(403);
      expect(changed.json.reason).toMatch(/review scores cannot be changed/);
      expect((await refused('DELETE', `${db}/${id}?rev=${rev}`, { auth })).status).toBe(403);
    }
    expect((await server.req('GET', `${db}/${id}`)).json.scores[0].recommend).toBe(true);
  });
});

describe('a face-to-face signing recording at head office is evidence: written once, never swapped or deleted', () => {
  it('takes the desk\'s recording with its one attachment, then refuses a swapped video or a deletion, for the device and the admin', async () => {
    const id = 'loan-recording:01KBV8Y0000000000000000001';
    const video = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, ...new Array<number>(64).fill(7)]).toString('base64');
    const recording = {
      type: 'loan-recording', branch: 'HM01', applicationId: 'loanapp:01KBV8Y0000000000000000002', digest: `sha256:${'a'.repeat(64)}`,
      bytes: 68, durationMs: 30_000, contentType: 'video/webm', createdAt: '2026-12-01T08:00:00Z', createdBy: 'M001', device: 'HM01-A',
      _attachments: { 'recording.webm': { content_type: 'video/webm', data: video } },
    };
    const extra = await server.req('PUT', `${db}/loan-recording:01KBV8Y0000000000000000003`, {
      body: { ...recording, _attachments: { ...recording._attachments, 'other.html': { content_type: 'text/html', data: 'PGgxPng8L2gxPg==' } } }, auth: device,
    });
    expect(extra.status).toBe(403);
    // CouchDB's generated check names the field it refused; ours says what the one attachment must be.
    expect(extra.json.reason).toMatch(ON_COUCHDB ? /_attachments\.other\.html/ : /recording\.webm/);
    // A 视频面签's face snapshot rides along as face.jpg, and only as a JPEG (not a page served from the evidence).
    const face = { 'face.jpg': { content_type: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64') } };
    const withFace = { ...recording, faceSnapshotDigest: `sha256:${'b'.repeat(64)}`, _attachments: { ...recording._attachments, ...face } };
    const disguised = { ...withFace, _attachments: { ...withFace._attachments, 'face.jpg': { ...face['face.jpg'], content_type: 'text/html' } } };
    expect((await server.req('PUT', `${db}/loan-recording:01KBV8Y0000000000000000004`, { body: disguised, auth: device })).status).toBe(403);
    expect((await server.req('PUT', `${db}/loan-recording:01KBV8Y0000000000000000005`, { body: withFace, auth: device })).status).toBe(201);
    expect((await server.req('PUT', `${db}/${id}`, { body: recording, auth: device })).status).toBe(201);
    const rev = await revOf(id);
    for (const auth of [device, TEST_ADMIN]) {
      const swapped = { ...recording, _rev: rev, _attachments: { 'recording.webm': { content_type: 'video/webm', data: Buffer.alloc(68, 1).toString('base64') } } };
      const changed = await refused('PUT', `${db}/${id}`, { body: swapped, auth });
      expect(changed.status).toBe(403);
      expect(changed.json.reason).toMatch(/面签录像.*cannot be changed once written/);
      expect((await refused('DELETE', `${db}/${id}?rev=${rev}`, { auth })).status).toBe(403);
    }
    const kept = await server.req('GET', `${db}/${id}?attachments=true`);
    expect(kept.json._rev).toBe(rev);
    expect(kept.json._attachments['recording.webm'].data).toBe(video);
    expect((await server.req('DELETE', `${db}/${id}?rev=${rev}`, { auth: device })).status).toBe(403);
  });
});

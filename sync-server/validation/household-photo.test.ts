import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBranch } from '../provision';
import { ON_COUCHDB, startTestServer, TEST_ADMIN, type TestServer } from '../test-support';

/** 农户建档's photos at head office: what a branch device may push, as the embedded server and CouchDB's design doc check it. */
let server: TestServer;
const device = { name: 'hm01-village-laptop', password: 'device-password-15' };
const db = '/branch-hm01';
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array<number>(60).fill(9), 0xff, 0xd9]).toString('base64');
const photo = (ulid: string) => ({
  _id: `household-photo:${'ab'.repeat(16)}:${ulid}`, type: 'household-photo', branch: 'HM01', householdId: `household:${'ab'.repeat(16)}`,
  caption: '住房正面', width: 1600, height: 1200, bytes: 66, digest: `sha256:${'c'.repeat(64)}`, createdAt: '2026-12-01T08:00:00Z',
  createdBy: 'M001', createdByName: '客户经理', _attachments: { 'photo.jpg': { content_type: 'image/jpeg', data: jpeg } },
});

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
});
afterAll(() => server.stop());

describe('a household photo reaching head office', () => {
  it('is taken as one JPEG attachment, and removable by the branch', async () => {
    const ok = photo('01KBV8Y0000000000000000001');
    expect((await server.req('PUT', `${db}/${ok._id}`, { body: ok, auth: device })).status).toBe(201);
    const kept = await server.req('GET', `${db}/${ok._id}/photo.jpg`);
    expect(kept.status).toBe(200);
    const rev = (await server.req('GET', `${db}/${ok._id}`)).json._rev as string;
    expect((await server.req('DELETE', `${db}/${ok._id}?rev=${rev}`, { auth: device })).status).toBe(200);
  });

  it('refuses a second attachment (a page served from the archive), another content type, an oversized photo or another branch', async () => {
    const base = photo('01KBV8Y0000000000000000002');
    const html = await server.req('PUT', `${db}/${base._id}`, {
      body: { ...base, _attachments: { ...base._attachments, 'page.html': { content_type: 'text/html', data: 'PGgxPg==' } } }, auth: device,
    });
    expect(html.status).toBe(403);
    expect(html.json.reason).toMatch(ON_COUCHDB ? /_attachments\.page\.html/ : /photo\.jpg/);
    const svg = await server.req('PUT', `${db}/${base._id}`, { body: { ...base, _attachments: { 'photo.jpg': { content_type: 'image/svg+xml', data: jpeg } } }, auth: device });
    expect(svg.status).toBe(403);
    expect((await server.req('PUT', `${db}/${base._id}`, { body: { ...base, bytes: 3 * 1024 * 1024 }, auth: device })).status).toBe(403);
    expect((await server.req('PUT', `${db}/${base._id}`, { body: { ...base, branch: 'HM02' }, auth: device })).status).toBe(403);
    expect((await server.req('GET', `${db}/${base._id}`)).status).toBe(404);
  });
});

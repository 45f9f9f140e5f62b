import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couchClient } from '../../sync-server/identity/couch';
import { provisionBranch } from '../../sync-server/provision';
import { changeChannel } from '../../sync-server/releases/release-store';
import { deviceInventory } from '../../sync-server/releases/device-inventory';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../sync-server/test-support';
import { createTestCore } from '../core/testing/test-core';
import { deviceLine } from './commands/release';

/**
 * Devices report in through sync: each branch device keeps its `device-report:<device>` document current (app
 * version, channel, update state, last sync, OS), the branch's sync carries it to head office, and IT's device list
 * (`jingwei release devices`) reads it there over CouchDB HTTP and says what needs attention.
 */
const deviceUser = { name: 'hm01-desk-pc', password: 'device-password-01' };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: deviceUser.name, password: deviceUser.password });
  // Head office's pilot channel serves 1.1.0 (the release itself is stored by `jingwei release publish` elsewhere).
  const couch = couchClient({ url: server.url, user: TEST_ADMIN });
  await couch.put('updates', {
    _id: 'release-1.1.0', type: 'update-release', version: '1.1.0', publishedAt: '2026-12-01T00:00:00.000Z', publishedBy: 'it', complete: true,
    platforms: [{ platform: 'linux', releaseDate: null, checks: [], files: [{ name: 'jingwei-branch_1.1.0_amd64.deb', sha512: 'x', size: 1 }] }],
  } as { _id: string });
  await changeChannel({ couch, by: 'it' }, 'pilot', { action: 'publish', version: '1.1.0', staging: 100 });
}, 60_000);
afterAll(() => server.stop());

const remote = () => ({ url: server.url, username: deviceUser.name, password: deviceUser.password });

describe('device reports reach IT', () => {
  it('lists each device with its version, update state and last contact, and flags out of date, failing and silent ones', async () => {
    const failing = await createTestCore({ remote: remote(), liveSync: false, deviceId: 'HM01-D01', deviceFacts: { role: 'desk', appVersion: '1.0.0', channel: 'pilot' } });
    const head = await failing.login('H001');
    await failing.core.deviceReport.updateState({ state: 'failed', version: null, reason: 'sha512 checksum mismatch' });
    await failing.call('sync.endOfDay', {}, head);

    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const silent = await createTestCore({ remote: remote(), liveSync: false, deviceId: 'HM01-K1', clock: () => twoDaysAgo, deviceFacts: { role: 'kiosk', appVersion: '1.1.0', channel: 'pilot' } });
    await silent.core.deviceReport.updateState({ state: 'downloaded', version: '1.1.0', reason: null });
    await silent.call('sync.endOfDay', {}, await silent.login('H001'));

    const rows = await deviceInventory(couchClient({ url: server.url, user: TEST_ADMIN }), new Date());
    expect(rows.map((r) => [r.device, r.role, r.appVersion, r.channel, r.updateState, r.outOfDate, r.failing, r.silent])).toEqual([
      ['HM01-D01', 'desk', '1.0.0', 'pilot', 'failed', true, true, false],
      ['HM01-K1', 'kiosk', '1.1.0', 'pilot', 'downloaded', false, false, true],
    ]);
    expect(deviceLine(rows[0]!)).toMatch(/^HM01\tHM01-D01\tdesk\t1\.0\.0\tpilot\t失败\t.*\t版本落后；升级失败：sha512 checksum mismatch$/);
    expect(deviceLine(rows[1]!)).toMatch(/超过一天未联系$/);
    await failing.dispose();

    // Next start on the new version: the update that waited is reported installed.
    await silent.restart();
    expect((await silent.core.store.pouch.get('device-report:HM01-K1')) as object).toMatchObject({ update: { state: 'installed', version: '1.1.0' } });
    await silent.dispose();
  }, 90_000);

  it('refuses a report that claims another device id', async () => {
    const auth = { name: deviceUser.name, password: deviceUser.password };
    const res = await server.req('PUT', '/branch-hm01/device-report:HM01-D09', {
      auth,
      body: { type: 'device-report', branch: 'HM01', device: 'HM01-D01', role: 'desk', appVersion: '1.0.0', channel: null, update: { state: 'idle', version: null, reason: null, at: null }, lastSyncAt: null, os: { platform: 'linux', release: '6', arch: 'x64' }, reportedAt: new Date().toISOString() },
    });
    expect(res.status).toBe(403);
  });
});

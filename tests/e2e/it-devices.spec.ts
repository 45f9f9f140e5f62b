import { execFileSync } from 'node:child_process';
import { test, expect } from './support/fixtures';
import { REPO_ROOT } from './support/host';

/**
 * IT watches the branch's devices: each device's own report (version, update channel and state, last sync) comes
 * through sync; the 设备 screen lists them with what needs attention, and head office's device list
 * (`jingwei release devices`) shows the same reports, this branch PC's included.
 */
test.use({ headOffice: true });

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const report = (device: string, role: string, appVersion: string, update: object, lastSyncAt: string) => ({
  _id: `device-report:${device}`, type: 'device-report', branch: 'HM01', device, role, appVersion, channel: 'pilot',
  update: { version: null, reason: null, at: lastSyncAt, ...update }, lastSyncAt, os: { platform: 'win32', release: '10.0.19045', arch: 'x64' }, reportedAt: lastSyncAt,
});

test('IT sees the branch devices: out of date, failing and silent ones first, and head office sees this PC', async ({ page, loginPage, headOfficeServer }) => {
  const ho = headOfficeServer!;
  const auth = { authorization: `Basic ${Buffer.from(`${ho.admin.name}:${ho.admin.password}`).toString('base64')}`, 'content-type': 'application/json' };
  // Two other devices of the branch, as their sync delivered them to head office.
  for (const doc of [
    report('HM01-K1', 'kiosk', '1.0.0', { state: 'failed', reason: 'sha512 checksum mismatch' }, hoursAgo(50)),
    report('HM01-D02', 'desk', '1.1.0', { state: 'installed', version: '1.1.0' }, hoursAgo(1)),
  ]) {
    const res = await fetch(`${ho.remote.url}/branch-hm01/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: auth, body: JSON.stringify(doc) });
    expect(res.status).toBe(201);
  }

  await loginPage.open();
  await loginPage.loginAndWait('A001');
  await page.getByRole('navigation').getByRole('link', { name: '设备' }).click();
  const kiosk = page.getByTestId('device-HM01-K1');
  await expect(async () => {
    await page.reload();
    await expect(kiosk).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  await expect(page.getByTestId('devices-summary')).toHaveText('共 3 台：版本落后 1 台，升级失败 1 台，超过一天未联系 1 台');
  await expect(kiosk.getByTestId('device-attention')).toHaveText('版本落后；升级失败；超过一天未联系');
  await expect(kiosk).toContainText('失败：sha512 checksum mismatch');
  await expect(kiosk).toContainText('叫号机');
  await expect(page.getByTestId('device-HM01-D02').getByTestId('device-attention')).toHaveText('正常');
  // The failing device is listed first.
  await expect(page.getByTestId('devices-table').locator('tbody tr').first()).toHaveAttribute('data-testid', 'device-HM01-K1');
  const self = page.getByTestId('devices-table').locator('tbody tr', { hasText: '（本机）' });
  await expect(self).toContainText('浏览器主机');
  const selfId = ((await self.getAttribute('data-testid')) ?? '').replace(/^device-/, '');

  // Head office's list over CouchDB HTTP: this PC's own report arrived through its live sync.
  await expect(async () => {
    const out = execFileSync(process.execPath, ['bin/jingwei.js', 'release', 'devices', '--url', ho.remote.url, '--branch', 'HM01'], {
      cwd: REPO_ROOT,
      env: { ...process.env, JINGWEI_ADMIN_USER: ho.admin.name, JINGWEI_ADMIN_PASSWORD: ho.admin.password },
    }).toString();
    expect(out).toContain(`HM01\t${selfId}\tbrowser\t0.1.0`);
    // Head office judges "out of date" against what its channel serves (nothing is published in this test).
    expect(out).toMatch(/HM01\tHM01-K1\tkiosk\t1\.0\.0\tpilot\t失败\t.*\t升级失败：sha512 checksum mismatch；超过一天未联系/);
  }).toPass({ timeout: 60_000 });
});

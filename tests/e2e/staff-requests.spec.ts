import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost, type HostProcess } from './support/host';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page';
import { StaffPage } from './pages/staff-page';
import { shot } from './support/screens';

/**
 * Staff accounts come from head office: the spec runs what `npm start` runs (`jingwei demo`), where the branch
 * syncs with the embedded head office and head office's identity service signs staff records.
 */
const test = base.extend<{ loginPage: LoginPage; staff: StaffPage }, { demoHost: HostProcess }>({
  demoHost: [
    async ({}, use) => {
      const host = await startHost({ command: 'demo' });
      await use(host);
      await host.dispose();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  loginPage: async ({ page, demoHost }, use) => use(new LoginPage(page, () => demoHost.url)),
  staff: async ({ page }, use) => use(new StaffPage(page)),
});
test.describe.configure({ mode: 'serial' });

const logout = (page: import('@playwright/test').Page) => page.getByRole('button', { name: '退出登录' }).click();

test('a branch head requests a teller, a second person approves, head office signs it and the teller logs in', async ({ page, loginPage, staff }) => {
  test.setTimeout(240_000);
  await loginPage.open();
  await loginPage.loginAndWait('H001');
  await expect(page.getByTestId('demo-trust')).toHaveText('演示环境');
  await staff.open();
  await expect(staff.member('T001')).toContainText('柜员');

  await test.step('the branch head asks head office for a new teller', async () => {
    await staff.requestNewStaff({ staffNo: 'T009', name: '新柜员', role: '柜员', firstPassword: 'First-pass-1', ownPassword: DEMO_PASSWORD });
    await expect(page.getByTestId('staff-notice')).toContainText('等待第二人复核');
    await expect(staff.request('T009')).toContainText('待复核');
    // Nobody approves their own request.
    await expect(staff.request('T009').getByTestId('staff-approve')).toHaveCount(0);
    await shot(page, 'staff-01-requested');
  });

  await test.step('the teller cannot log in yet', async () => {
    await logout(page);
    await loginPage.login('T009', 'First-pass-1');
    await expect(loginPage.error()).toHaveText('工号或密码错误');
  });

  await test.step('a second person of head office approves; head office signs and the record syncs down', async () => {
    await loginPage.loginAndWait('Z001');
    await staff.open();
    await staff.approve('T009', DEMO_PASSWORD);
    await expect(staff.request('T009')).toContainText('已生效', { timeout: 60_000 });
    await expect(staff.member('T009')).toContainText('待修改初始密码');
    await shot(page, 'staff-02-approved');
    await logout(page);
  });

  await test.step('the new teller logs in with the first password and must change it before anything else', async () => {
    await loginPage.login('T009', 'First-pass-1');
    const forced = page.getByTestId('forced-password');
    await expect(forced).toBeVisible();
    await forced.getByTestId('pw-oldPassword').fill('First-pass-1');
    await forced.getByTestId('pw-newPassword').fill('My-own-pass-9');
    await forced.getByTestId('pw-again').fill('My-own-pass-9');
    await forced.getByTestId('pw-submit').click();
    await expect(forced.getByTestId('password-request-state')).toBeVisible();
    await shot(page, 'staff-03-forced-change');
    // Head office signs the new password; this session ends and the login screen says why.
    await expect(page.getByText('新密码已生效，请用新密码登录')).toBeVisible({ timeout: 90_000 });
    await loginPage.login('T009', 'First-pass-1');
    await expect(loginPage.error()).toHaveText('工号或密码错误');
    await loginPage.loginAndWait('T009', 'My-own-pass-9');
    await expect(page.getByRole('navigation').getByRole('link', { name: /客户/ }).first()).toBeVisible();
  });
});

test('a staff record forged with the branch device credential is refused at head office and logs nobody in', async ({ loginPage, demoHost }) => {
  // What an attacker finds on a branch PC: the device credential in the data folder, head office's address in the log.
  const secrets = JSON.parse(readFileSync(join(demoHost.dataDir, 'demo-secrets.json'), 'utf8')) as { device: { name: string; password: string } };
  const headOffice = /Head office: (http:\/\/[^\s（]+)/.exec(demoHost.output())![1]!;
  const auth = `Basic ${Buffer.from(`${secrets.device.name}:${secrets.device.password}`).toString('base64')}`;
  const put = (id: string, body: unknown) => fetch(new URL(`branch-hm01/${id}`, headOffice), { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const forged = await put('staff:X999', {
    type: 'staff', staffNo: 'X999', name: '伪造', roles: ['branch-head', 'it-admin', 'risk-officer'], branch: 'HM01', active: true,
    passwordHash: 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', mustChangePassword: false, version: 9,
    updatedAt: '2026-03-01T00:00:00Z', request: null, sig: { alg: 'ed25519', keyId: '0123456789abcdef', value: `${'A'.repeat(86)}==` },
  });
  expect(forged.status).toBe(403);
  expect(((await forged.json()) as { reason: string }).reason).toContain('只能由总行写入');
  const h001 = (await (await fetch(new URL('branch-hm01/staff:H001', headOffice), { headers: { authorization: auth } })).json()) as Record<string, unknown>;
  expect((await put('staff:H001', { ...h001, roles: ['branch-head', 'it-admin'] })).status).toBe(403);

  await loginPage.open();
  await loginPage.login('X999', 'whatever-1');
  await expect(loginPage.error()).toHaveText('工号或密码错误');
  await loginPage.loginAndWait('H001');
});

test('a new teller is locked out after wrong passwords, the branch head resets the password and the teller sets a new one', async ({ page, loginPage, staff }) => {
  test.setTimeout(300_000);
  const changePassword = async (oldPassword: string, newPassword: string) => {
    const forced = page.getByTestId('forced-password');
    await expect(forced).toBeVisible();
    await forced.getByTestId('pw-oldPassword').fill(oldPassword);
    await forced.getByTestId('pw-newPassword').fill(newPassword);
    await forced.getByTestId('pw-again').fill(newPassword);
    await forced.getByTestId('pw-submit').click();
    await expect(page.getByText('新密码已生效，请用新密码登录')).toBeVisible({ timeout: 90_000 });
  };

  await test.step('the branch head asks for a new teller and head office approves', async () => {
    await loginPage.open();
    await loginPage.loginAndWait('H001');
    await staff.open();
    await staff.requestNewStaff({ staffNo: 'T010', name: '柜员小吴', role: '柜员', firstPassword: 'First-pass-2', ownPassword: DEMO_PASSWORD });
    await expect(staff.request('T010')).toContainText('待复核');
    await logout(page);
    await loginPage.loginAndWait('Z001');
    await staff.open();
    await staff.approve('T010', DEMO_PASSWORD);
    await expect(staff.request('T010')).toContainText('已生效', { timeout: 60_000 });
    await logout(page);
  });

  await test.step('the teller logs in and sets her own password', async () => {
    await loginPage.login('T010', 'First-pass-2');
    await changePassword('First-pass-2', 'Wu-own-pass-1');
    await loginPage.loginAndWait('T010', 'Wu-own-pass-1');
    await logout(page);
  });

  await test.step('someone at the counter guesses her password until the account is locked', async () => {
    for (let i = 0; i < 5; i += 1) {
      await loginPage.login('T010', `guess-${i}-2026`);
      await expect(loginPage.error()).toHaveText('工号或密码错误');
    }
    await loginPage.login('T010', 'Wu-own-pass-1');
    // Even the right password waits: the screen says it is locked and when to try again.
    await expect(loginPage.error()).toHaveText(/^密码错误次数过多，该工号已暂时锁定，请\d+秒后再试$/);
    await shot(page, 'staff-04-locked');
  });

  await test.step('the branch head resets her password; head office approves the reset', async () => {
    await loginPage.loginAndWait('H001');
    await staff.open();
    await staff.requestPasswordReset('T010', { tempPassword: 'Temp-pass-3', ownPassword: DEMO_PASSWORD });
    await expect(staff.requestOf('T010', '重置密码')).toContainText('待复核');
    await logout(page);
    await loginPage.loginAndWait('Z001');
    await staff.open();
    await staff.approve('T010', DEMO_PASSWORD, staff.requestOf('T010', '重置密码'));
    await expect(staff.requestOf('T010', '重置密码')).toContainText('已生效', { timeout: 60_000 });
    await expect(staff.member('T010')).toContainText('待修改初始密码');
    await logout(page);
  });

  await test.step('the teller logs in with the temporary password and must set a new one', async () => {
    await loginPage.login('T010', 'Temp-pass-3');
    await changePassword('Temp-pass-3', 'Wu-new-pass-4');
    await shot(page, 'staff-05-reset-changed');
    await loginPage.login('T010', 'Temp-pass-3');
    await expect(loginPage.error()).toHaveText('工号或密码错误');
    await loginPage.loginAndWait('T010', 'Wu-new-pass-4');
  });
});

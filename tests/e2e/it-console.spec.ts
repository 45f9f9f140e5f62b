import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { expect, test } from '@playwright/test';
import { signReleaseFiles } from '../../build/release';
import { REPO_ROOT, startHost, type HostProcess } from './support/host';
import { HEAD_OFFICE_ADMIN, provisionedHeadOffice, type HeadOfficeServer } from './support/jingwei-server';
import { startReportProcess, type ReportProcess } from './support/report-process';

/**
 * Head office IT's day on the 信息科技运维台 (/it of `jingwei report`): publishes this month's release to the pilot
 * channel at 10% and widens it, imports this morning's core-banking loan file (a damaged line is named, the mended
 * file applied, a second try refused), issues an enrolment code for a new branch PC, watches that PC appear after its first
 * sync, and revokes it when it is reported stolen — the PC, still running, wipes its data.
 */
const IT = { name: 'hq-it-01', password: 'it-password-0001' };
const DEVICE_USER = 'hm01-desk-09';
const releaseKeys = generateKeyPairSync('ed25519');

let work: string;
let server: HeadOfficeServer;
let report: ReportProcess;
let device: HostProcess | undefined;

/** electron-builder's Linux output for `version`, signed by the release job. */
async function releaseFolder(version: string): Promise<string[]> {
  const dir = join(work, `release-${version}`);
  mkdirSync(dir);
  const name = `jingwei-branch-${version}.AppImage`;
  const bytes = `${name} `.repeat(4000);
  writeFileSync(join(dir, name), bytes);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  writeFileSync(join(dir, 'latest-linux.yml'), dump({ version, files: [{ url: name, sha512, size: bytes.length }], path: name, sha512, releaseDate: '2026-12-01T02:00:00.000Z' }));
  await signReleaseFiles(dir, releaseKeys.privateKey);
  return readdirSync(dir).map((f) => join(dir, f));
}

test.beforeAll(async () => {
  test.setTimeout(300_000); // head office, its report process and CLI runs: minutes on a loaded 2-core machine
  work = mkdtempSync(join(tmpdir(), 'jingwei-e2e-it-'));
  server = await provisionedHeadOffice(join(work, 'server'));
  execFileSync(process.execPath, ['bin/jingwei.js', 'couchdb-setup', '--url', server.url, '--it-admin', IT.name], {
    cwd: REPO_ROOT,
    env: { ...process.env, JINGWEI_ADMIN_USER: HEAD_OFFICE_ADMIN.name, JINGWEI_ADMIN_PASSWORD: HEAD_OFFICE_ADMIN.password, JINGWEI_IT_ADMIN_PASSWORD: IT.password },
  });
  const keyFile = join(work, 'release-public.pem');
  writeFileSync(keyFile, releaseKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  report = await startReportProcess(server.url, HEAD_OFFICE_ADMIN, { JINGWEI_RELEASE_PUBLIC_KEY: keyFile });
});

test.afterAll(async () => {
  await device?.dispose();
  await report?.dispose();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('IT publishes a release, enrols a branch PC, watches it report in and revokes it', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${report.url}/it`);
  await page.getByLabel('用户名').fill(IT.name);
  await page.getByLabel('密码').fill(IT.password);
  await page.getByLabel('密码').press('Enter');
  await expect(page.getByRole('heading', { name: '信息科技运维台' })).toBeVisible();

  // Publish: the release folder's files, pilot at 10%.
  const publish = page.getByRole('region', { name: '发布新版本' });
  await publish.getByLabel('通道').selectOption('pilot');
  await publish.getByLabel('灰度比例（%）').fill('10');
  await publish.getByLabel('发布文件').setInputFiles(await releaseFolder('1.1.0'));
  await publish.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('已发布 1.1.0 到 pilot，灰度 10%');
  const pilot = page.locator('#channel-table tr[data-channel="pilot"]');
  await expect(pilot.locator('[data-k="version"]')).toHaveText('1.1.0');
  await expect(pilot.locator('[data-k="staging"]')).toHaveText('10%');

  // Widen to 50% from the keyboard; a wrong figure is refused in Chinese and nothing changes.
  const staging = pilot.getByLabel('试点 pilot 灰度比例（%）');
  await staging.fill('50');
  await staging.press('Enter');
  await expect(pilot.locator('[data-k="staging"]')).toHaveText('50%');

  // This morning's core-banking loan file: the copy damaged in transit is refused with its line, field and rule; the
  // mended file, previewed, is applied whole from the keyboard; the same file again is refused on the screen.
  const feedDate = '2026-12-01';
  execFileSync(process.execPath, ['bin/jingwei.js', 'feed', 'generate', '--out', work, '--start', feedDate, '--days', '1', '--loans', '30'], { cwd: REPO_ROOT });
  const loans = readFileSync(join(work, `${feedDate}-loans.csv`), 'utf8');
  const loanLines = loans.trim().split('\n').length - 1;
  const goodFile = join(work, `${feedDate}-loans.csv`);
  const badFile = join(work, `${feedDate}-loans-damaged.csv`);
  writeFileSync(badFile, loans.replace(/\n((?:[^,]*,){6})[^,]*/, '\n$1１２.00')); // line 2's balance: full-width digits
  const feeds = page.getByRole('region', { name: '导入核心系统文件' });
  const upload = async (file: string) => {
    await page.goto(`${report.url}/it`);
    await feeds.getByLabel('文件种类').selectOption('loans');
    await feeds.getByLabel('业务日期').fill(feedDate);
    await feeds.getByLabel('核心系统文件').setInputFiles(file);
    await feeds.getByRole('button', { name: '上传并预检' }).click();
  };
  await upload(badFile);
  await expect(page.getByRole('alert')).toHaveText('拒绝导入：文件有1处错误，整个文件未导入，未做任何更改');
  await expect(page.locator('#feed-problems tbody tr')).toHaveCount(1);
  await expect(page.locator('#feed-problems tbody td').nth(0)).toHaveText('2');
  await expect(page.locator('#feed-problems tbody td').nth(1)).toContainText('(balance)');
  await expect(page.locator('#feed-problems tbody td').nth(2)).toContainText('１２.00');
  await upload(goodFile);
  await expect(page.getByRole('status')).toContainText(`预检通过：${loanLines} 行可以导入`);
  await expect(page.getByRole('button', { name: '确认导入' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText(`已导入 贷款台账 loans ${feedDate}：${loanLines} 行`);
  await upload(goodFile);
  await expect(page.getByRole('alert')).toHaveText(`拒绝导入：该文件已导入过（相同摘要，贷款台账 ${feedDate}），未做任何更改`);
  await page.goto(`${report.url}/it`);
  await expect(page.locator('#feed-table tr[data-kind="loans"] [data-k="date"]')).toHaveText(feedDate);

  // Enrolment code for a new PC of HM01.
  const enrol = page.getByRole('region', { name: '发放注册码' });
  await enrol.getByLabel('支行代码').fill('HM01');
  await enrol.getByLabel('设备用户名').fill('HM01 desk 9');
  await enrol.getByLabel('设备用户名').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('设备用户名应为 3–64 位小写字母、数字、. _ -');
  await enrol.getByLabel('设备用户名').fill(DEVICE_USER);
  await enrol.getByRole('button', { name: '生成注册码' }).click();
  const code = (await page.locator('#enrol-code').textContent())!;
  expect(code).toMatch(new RegExp(`^${DEVICE_USER}:([0-9A-Z]{4}-){5}[0-9A-Z]{4}$`));
  const account = page.locator(`#enrolment-table tr[data-user="${DEVICE_USER}"]`);
  await expect(account.locator('[data-k="state"]')).toHaveText('待注册');

  // At the branch: the PC redeems the code, then runs with its own credentials (no password in any file or flag).
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-enrolled-'));
  execFileSync(process.execPath, ['bin/jingwei.js', 'enrol', '--data', dataDir, '--remote', server.url], { cwd: REPO_ROOT, env: { ...process.env, JINGWEI_ENROL_CODE: code } });
  device = await startHost({ dataDir, args: ['--remote', `${server.url}/branch-hm01`] });

  // Its first sync brings its report: IT sees it among HM01's devices (filtered by branch from the keyboard).
  await page.getByLabel('支行代码').first().fill('HM01');
  await page.getByLabel('支行代码').first().press('Enter');
  const row = page.locator('#device-table tbody tr', { hasText: '浏览器主机' });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await expect(row).toContainText('HM01');
  await expect(page.locator('#devices-summary')).toHaveText('共 1 台：版本落后 0 台，升级失败 0 台，超过一天未联系 0 台');
  await expect(account.locator('[data-k="state"]')).toHaveText('已注册');

  // Reported stolen: revoke, confirmed on its own page (取消 has the focus: a habitual Enter would cancel).
  await account.getByRole('link', { name: '停用设备…' }).click();
  await expect(page.getByRole('heading', { name: '确认停用设备' })).toBeVisible();
  await expect(page.locator('#question')).toContainText(`停用设备 ${DEVICE_USER}？`);
  await expect(page.getByRole('link', { name: '取消' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '确认停用' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`已停用设备 ${DEVICE_USER}：凭据已失效`);
  await expect(account.locator('[data-k="state"]')).toHaveText('已停用');

  // The PC learns it at its next contact with head office: it stops and wipes its data, leaving only the marker.
  await expect.poll(() => existsSync(join(dataDir, 'revoked.json')), { timeout: 150_000 }).toBe(true);
  await expect.poll(() => readdirSync(dataDir).filter((f) => f !== 'revoked.json'), { timeout: 30_000 }).toEqual([]);
});

import { expect, test } from './support/fixtures';
import { apiAs } from './support/api';
import { DEMO_PASSWORD } from './pages/login-page';
import { goldData, goldFacts } from '../../main/core/credit/gold-collar.fixture';
import type { Page } from '@playwright/test';

// 录像面签 at the desk (also the offline face-to-face: no head-office media server involved): the customer manager
// records the signing with the desk's camera (Chromium's fake one), the recording stays on the loan with its SHA-256 in
// the audit log, and both the application page and the loan page play it back.

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ],
  },
});

type Call = (method: string, args: unknown) => Promise<unknown>;
interface App { id: string; rev: string; state: string; contract: { digest: string } | null; disbursement: { loanId: string } | null }

/** A 富民金领贷 for the demo's civil servant, approved and contracted through the API (set-up, not what is tested). */
async function contractedApplication(call: Call): Promise<{ app: App; accountNo: string }> {
  const [customer] = (await call('customers.search', { q: '周文博', limit: 1 })) as { id: string }[];
  const [account] = (await call('customers.accounts', { id: customer!.id })) as { accountNo: string }[];
  let app = (await call('loans.createDraft', { customerId: customer!.id, productCode: 'gold-collar' })) as App;
  app = (await call('loans.update', {
    id: app.id, rev: app.rev,
    patch: { requestedAmountFen: 10_000_000, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts },
  })) as App;
  app = (await call('loans.submit', { id: app.id, rev: app.rev })) as App;
  app = (await call('loans.generateContract', { id: app.id, rev: app.rev })) as App;
  return { app, accountNo: account!.accountNo };
}

async function expectPlayable(page: Page): Promise<void> {
  const evidence = page.getByTestId('face-sign-evidence');
  await expect(evidence.getByTestId('recording-audit')).toHaveText('校验值与审计记录一致，审计记录完整');
  const digest = await evidence.getByTestId('recording-meta').getAttribute('data-digest');
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  await expect(evidence.getByTestId('recording-audit')).toHaveAttribute('data-digest', digest!);
  const player = evidence.getByTestId('recording-player');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => Number(v.dataset.framesDecoded ?? 0)), { timeout: 20_000 }).toBeGreaterThan(0);
}

test('the customer manager records the signing at the desk; the recording plays on the loan with its audited digest', async ({ page, loginPage, branchHost }) => {
  test.slow();
  const call = await apiAs(branchHost.url, 'T001');
  const { app, accountNo } = await contractedApplication(call);

  await loginPage.open();
  await loginPage.loginAndWait('T001');
  await page.goto(`${branchHost.url}#/loans/${encodeURIComponent(app.id)}`);
  await expect(page.getByTestId('application-state')).toHaveText('已生成合同');
  await page.getByLabel('面签备注').fill('本人持身份证到场，录像面签');
  await page.getByTestId('recorder-start').click();
  await expect(page.getByTestId('recorder-status')).toContainText('录像中');
  // A few seconds of the fake camera's picture and tone.
  await page.waitForTimeout(3000);
  await page.getByTestId('recorder-stop').click();
  await expect(page.getByTestId('application-state')).toHaveText('已面签', { timeout: 30_000 });
  await expectPlayable(page);

  // The offline path goes on as before (the staff e-signature), then the second person pays out; the loan page plays it too.
  let signed = (await call('loans.get', { id: app.id })) as App;
  signed = (await call('loans.eSign', { id: signed.id, rev: signed.rev, contractDigest: signed.contract!.digest })) as App;
  const paid = (await call('loans.disburse', { id: signed.id, rev: signed.rev, accountNo, checker: { staffNo: 'H001', password: DEMO_PASSWORD } })) as App;
  await page.goto(`${branchHost.url}#/loans/loan/${encodeURIComponent(paid.disbursement!.loanId)}`);
  await expect(page.getByTestId('loan-page')).toBeVisible();
  await expectPlayable(page);
});

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { makeIdCardFiles, type IdCardFiles } from './support/ocr-fixture';
import { OcrPanel } from './pages/ocr-panel';
import { apiAs } from './support/api';
import { shot } from './support/screens';

// Two synthetic ID cards from the development generator, one as a scan and one photographed on a table.
// Recognition runs in the branch host's worker thread, which is slow on this shared machine, hence the timeouts.
let card: IdCardFiles;
let formCard: IdCardFiles;

test.describe.configure({ mode: 'serial' });

// Chromium's fake camera (a moving test pattern) stands in for the counter's document camera; the flags apply to
// this file's browser only.
test.use({
  permissions: ['camera'],
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

test.beforeAll(() => {
  card = makeIdCardFiles(4242);
  formCard = makeIdCardFiles(4243, 'photo');
});
test.afterAll(() => {
  for (const c of [card, formCard]) if (c) rmSync(c.dir, { recursive: true, force: true });
});


test('a teller scans a customer ID card, sees the wrong name in the file, corrects it and the document is kept', async ({ page, loginPage, customers, branchHost }) => {
  test.setTimeout(300_000);
  // The file was typed with a wrong given name; everything else matches the card.
  const wrongName = card.truth.name.slice(0, 1) + (card.truth.name.endsWith('明') ? '小红' : '小明');
  const call = await apiAs(branchHost.url, 'T001');
  const { id: customerId } = (await call('customers.create', {
    customer: { kind: 'individual', name: wrongName, idNumber: card.truth.idNumber, phone: '13903570000', address: card.truth.address, group: 'farmer' },
  })) as { id: string };

  await loginPage.open();
  await loginPage.loginAndWait('T001');
  await customers.find(card.truth.idNumber);
  await customers.openResultByKeyboard(wrongName);

  await customers.detail.getByTestId('detail-scan').click();
  await expect(customers.detail.getByRole('tab', { name: '证件' })).toHaveAttribute('aria-selected', 'true');
  const ocr = new OcrPanel(page, customers.detail);
  await expect(ocr.root).toBeVisible();

  await test.step('a camera picture that is not an ID card gets a clear message, and nothing is saved', async () => {
    const slot = ocr.root.getByTestId('ocr-slot-front');
    await slot.getByRole('button', { name: '拍照' }).click();
    const camera = slot.getByTestId('ocr-camera');
    await expect(camera.getByRole('button', { name: '拍摄' })).toBeEnabled();
    await shot(page, '29-ocr-camera');
    await camera.getByRole('button', { name: '拍摄' }).click();
    await expect(slot.locator('img')).toBeVisible();
    await ocr.putFile('back', card.back);
    await ocr.recognise();
    await expect(ocr.error()).toContainText('未识别到居民身份证', { timeout: 150_000 });
    await expect(ocr.error()).toContainText('未保存任何内容');
  });

  await test.step('a PDF is refused the moment it is chosen, with a clear message, and nothing is saved', async () => {
    await ocr.root.getByTestId('ocr-file-front').setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n') });
    await expect(ocr.slotError('front')).toContainText('扫描件.pdf：不支持 PDF 文件，请上传证件照片');
    // The camera picture chosen before is not replaced by a file that cannot be read.
    await expect(ocr.root.getByTestId('ocr-slot-front').locator('img')).toBeVisible();
    await shot(page, '30-ocr-pdf-refused');
    expect(await call('documents.list', { customerId })).toEqual([]);
  });

  await test.step('front and back are recognised; the fields fill beside the image', async () => {
    await ocr.putFile('front', card.front);
    await ocr.putFile('back', card.back);
    await shot(page, '31-ocr-images-chosen');
    await ocr.recognise();
    await ocr.waitForResult();
    expect(await ocr.progressWasShown()).toBe(true);
    await expect(ocr.fieldValue('idNumber')).toHaveText(card.truth.idNumber);
    await expect(ocr.fieldValue('birthDate')).toHaveText(card.truth.birthDate);
    await expect(ocr.fieldValue('validUntil')).toHaveText(card.truth.validUntil);
    await expect(ocr.checks().filter({ hasText: '公民身份号码校验通过' })).toHaveCount(1);
    await expect(ocr.checks().filter({ hasText: '证件在有效期内' })).toHaveCount(1);
    await expect(ocr.root.locator('.check-fail')).toHaveCount(0);
    await expect(ocr.root.locator('.ocr-images img')).toHaveCount(2);
  });

  await test.step('the wrong name in the file is listed as a difference', async () => {
    await expect(ocr.difference('name')).toContainText(`姓名与客户档案不一致：档案为“${wrongName}”`);
    await expect(ocr.root.getByTestId('ocr-differences').locator('li[data-field="idNumber"]')).toHaveCount(0);
    await shot(page, '32-ocr-result-difference');
  });

  const readName = (await ocr.fieldValue('name').innerText()).trim();
  await test.step('the teller corrects the name as printed and has the file updated from the card', async () => {
    await ocr.button('更正').click();
    await ocr.input('姓名').fill(card.truth.name);
    await ocr.difference('name').getByRole('checkbox').check();
    await shot(page, '33-ocr-correcting');
    await ocr.button('保存更正').click();
    await expect(ocr.root).toBeHidden();
  });

  await test.step('the document is kept with the customer and the file carries the name on the card', async () => {
    // Nothing to correct when the engine read the name right: then it is recorded as accepted, not corrected.
    const verdict = readName === card.truth.name ? '已接受' : '已更正';
    await expect(page.getByTestId('documents-notice')).toContainText(`证件已保存：${verdict}`);
    await expect(page.getByTestId('documents-notice')).toContainText('客户档案已按证件更新：姓名');
    await expect(customers.detail.locator('.detail-name')).toHaveText(card.truth.name);
    const items = page.getByTestId('document-item');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText(verdict);
    await expect(items.first()).toContainText(card.truth.name);
    await expect(items.first()).toContainText(card.truth.idNumber);
    await expect(items.first()).toContainText('王晓燕（T001）');
    await expect(items.first().locator('.document-thumb img')).toHaveCount(2);
    // The difference at the time of the scan stays on the document.
    await expect(items.first()).toContainText(`档案为“${wrongName}”`);
    await shot(page, '34-documents-tab');

    // Newest first: the name change made from the card, then the verdict on the card itself.
    const history = await customers.openHistory();
    await expect(history.first()).toContainText('修改资料');
    await expect(history.first().locator('tr', { hasText: '姓名' })).toContainText(wrongName);
    await expect(history.nth(1)).toContainText(verdict === '已接受' ? '证件核验：接受' : '证件核验：更正后接受');
  });
});

test('in the new-customer form a scan fills the fields, typing goes on meanwhile, and the scan is kept with the new customer', async ({ page, loginPage, customers }) => {
  test.setTimeout(300_000);
  await loginPage.open();
  await loginPage.loginAndWait('T001');
  const form = await customers.newCustomer();
  await form.root.getByTestId('form-scan').click();
  const ocr = new OcrPanel(page, form.root);

  await test.step('nothing is flagged before the teller has done anything', async () => {
    await expect(ocr.root.getByRole('alert')).toHaveCount(0);
    await expect(form.root.getByRole('alert')).toHaveCount(0);
    await expect(ocr.root.getByTestId('ocr-slot-back')).toContainText('必需');
    await expect(ocr.root.getByTestId('ocr-slot-back')).not.toContainText('可选');
  });

  await test.step('a file that is not a picture is refused the moment it is chosen', async () => {
    const txt = join(formCard.dir, 'notes.txt');
    writeFileSync(txt, '这不是图片');
    await ocr.root.getByTestId('ocr-file-front').setInputFiles(txt);
    await expect(ocr.slotError('front')).toContainText('notes.txt：不支持的文件格式，仅支持 PNG、JPEG、WebP、BMP、TIFF 图片');
    await expect(ocr.root.getByTestId('ocr-slot-front').locator('img')).toHaveCount(0);
  });

  await test.step('the back is required: the validity period is printed there', async () => {
    await ocr.putFile('front', formCard.front);
    await expect(ocr.slotError('front')).toHaveCount(0);
    await ocr.recognise();
    await expect(ocr.error()).toContainText('请放入国徽面图片：有效期限印在国徽面，核验证件需要它');
    await expect(ocr.progress()).toHaveCount(0);
    await ocr.root.scrollIntoViewIfNeeded();
    await shot(page, '35-form-back-required');
  });

  await test.step('while both sides are read the teller keeps typing in the form; every check passes', async () => {
    await ocr.putFile('back', formCard.back);
    await ocr.recognise();
    await form.fill({ 联系电话: '13903571111' });
    await form.chooseGroup('农户');
    await expect(form.field(/^联系电话/)).toHaveValue('13903571111');
    await ocr.waitForResult();
    expect(await ocr.progressWasShown()).toBe(true);
    await expect(ocr.root.locator('.check-fail')).toHaveCount(0);
  });

  await test.step('accepting fills name, ID number and address', async () => {
    await shot(page, '36-form-scan-result');
    await ocr.button('接受').click();
    await expect(ocr.root).toBeHidden();
    await expect(form.field(/^身份证号码/)).toHaveValue(formCard.truth.idNumber);
    await expect(form.field(/^姓名/)).not.toHaveValue('');
    await expect(form.field(/^地址/)).not.toHaveValue('');
    await expect(form.root.getByText('证件识别结论（已接受）将在保存客户时一并保存')).toBeVisible();
    await expect(form.field(/^联系电话/)).toHaveValue('13903571111');
  });

  await test.step('saving the customer keeps the scan in its 证件 tab', async () => {
    const name = await form.field(/^姓名/).inputValue();
    await form.save();
    await form.expectClosed();
    await expect(customers.detail.locator('.detail-name')).toHaveText(name);
    await customers.detail.getByRole('tab', { name: '证件' }).click();
    const items = page.getByTestId('document-item');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('已接受');
    await expect(items.first()).toContainText(formCard.truth.idNumber);
  });
});

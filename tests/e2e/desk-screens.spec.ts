import { expect, test } from './support/fixtures';
import { shot, shotBothSizes } from './support/screens';

test('the desk is driven from the keyboard: help on F1, search with arrows, Esc closes, Enter moves on', async ({ page, loginPage, customers }) => {
  await loginPage.open();
  await shot(page, '01-login');
  await loginPage.loginAndWait('H001');
  await expect(page.getByTestId('topbar-user')).toContainText('支行行长');

  await page.keyboard.press('F1');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  await expect(help).toContainText('定位到客户搜索框');
  await expect(help).toContainText('Ctrl+S');
  // Every key the desk binds, not only the general and customer ones: the counter's F5–F11, Alt+L, Ctrl+Enter.
  for (const [id, keys, label] of [
    ['callNext', 'F5', '叫下一位'],
    ['transfer', 'F10', '转移'],
    ['pause', 'F11', '暂停 / 恢复本窗口叫号'],
    ['apply', 'Alt+L', '为当前客户申请贷款'],
    ['nextStep', 'Ctrl+Enter', '提交申请 / 进入下一步'],
  ]) {
    await expect(help.getByTestId(`help-${id}`).locator('dt')).toContainText(keys!);
    await expect(help.getByTestId(`help-${id}`).locator('dd')).toContainText(label!);
  }
  await shotBothSizes(page, '02-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Pinyin initials starting with l: 李, 刘, 林, 罗, 梁... plenty of demo customers.
  await customers.find('l');
  await expect(customers.resultRows().nth(3)).toBeVisible();
  await customers.search.press('ArrowDown');
  await customers.search.press('ArrowDown');
  await expect(customers.resultRows().nth(2)).toHaveAttribute('aria-selected', 'true');
  const third = (await customers.resultRows().nth(2).locator('td').first().innerText()).trim();
  await customers.search.press('Enter');
  await expect(customers.detail.locator('.detail-name')).toHaveText(third);
  await shotBothSizes(page, '03-search-detail');

  const form = await customers.newCustomer();
  // Enter walks the form instead of submitting it half-filled.
  await form.field(/^姓名/).fill('张');
  await form.field(/^姓名/).press('Enter');
  await expect(form.field(/^身份证号码/)).toBeFocused();
  await form.save();
  await expect(form.issues('idNumber')).toHaveText('身份证号码不能为空');
  await expect(form.issues('phone')).toHaveText('联系电话不能为空');
  await expect(form.issues('group')).toHaveText('客群不能为空');
  await form.fill({ 联系电话: '1390357' });
  await expect(form.issues('phone')).toHaveText('联系电话应为11位手机号（以1开头）或带区号的固定电话');
  await shotBothSizes(page, '04-form-errors');

  // Esc on a changed form asks first; the second Esc discards.
  await page.keyboard.press('Escape');
  await expect(form.root).toContainText('再按一次 Esc 放弃修改');
  await page.keyboard.press('Escape');
  await form.expectClosed();

  const enterprise = await customers.newCustomer();
  await enterprise.chooseKind('企业客户');
  await enterprise.fill({ 企业名称: '侯马市鑫源建材有限公司', 统一社会信用代码: '91141081MA0K2C3D4N', 法定代表人: '刘志强' });
  await enterprise.addShareholder({ name: '刘志强', percent: '33.333' });
  await enterprise.addShareholder({ kind: '企业', name: '侯马市城投公司', percent: '40' });
  await enterprise.save();
  await expect(enterprise.root).toContainText('股东第1行·持股比例应为 0.01 至 100 之间的数字，最多两位小数（例如 33.33）');
  await shotBothSizes(page, '05-enterprise-form');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await enterprise.expectClosed();

  await customers.openHistory();
  await shot(page, '06-history');
});

test('English is one click away and the choice survives a reload', async ({ page, loginPage }) => {
  await loginPage.open();
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByLabel('Staff number')).toBeVisible();
  await page.getByLabel('Staff number').fill('T001');
  await page.getByLabel('Password').fill('wrong');
  await page.getByLabel('Password').press('Enter');
  await expect(page.locator('.form-error')).toHaveText('Wrong staff number or password');
  await page.reload();
  await expect(page.getByLabel('Staff number')).toBeVisible();
  await shot(page, '07-login-en');
  await page.getByLabel('Staff number').fill('T001');
  await page.getByLabel('Password').fill('jingwei2026');
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('navigation').getByRole('link')).toHaveText([/Customers/, /Queue/, /Loans/]);
  await page.keyboard.press('Control+n');
  await page.getByLabel(/^Resident ID number/).fill('110105194912310021');
  await page.getByLabel(/^Resident ID number/).blur();
  await expect(page.getByTestId('issue-idNumber')).toHaveText('Resident ID number: wrong check character, expected X (GB 11643-1999)');
  await shot(page, '08-form-en');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('navigation').getByRole('link')).toHaveText([/客户/, /叫号/, /贷款/]);
});

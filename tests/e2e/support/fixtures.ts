import { test as base } from '@playwright/test';
import { startHost, type HostProcess } from './host';
import { LoginPage } from '../pages/login-page';
import { CustomersPage } from '../pages/customers-page';

interface Fixtures {
  loginPage: LoginPage;
  customers: CustomersPage;
}

/** One branch host per spec file (worker): starting it seeds a few hundred demo customers, which takes a while. */
export const test = base.extend<Fixtures, { branchHost: HostProcess }>({
  branchHost: [
    async ({}, use) => {
      const host = await startHost();
      await use(host);
      await host.dispose();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  loginPage: async ({ page, branchHost }, use) => use(new LoginPage(page, () => branchHost.url)),
  customers: async ({ page }, use) => use(new CustomersPage(page)),
});

export { expect } from '@playwright/test';

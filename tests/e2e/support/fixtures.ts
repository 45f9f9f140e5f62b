import { test as base } from '@playwright/test';
import { startHeadOffice, type HeadOffice } from './head-office';
import { startHost, type HostOptions, type HostProcess } from './host';
import { LoginPage } from '../pages/login-page';
import { CustomersPage } from '../pages/customers-page';

interface Fixtures {
  loginPage: LoginPage;
  customers: CustomersPage;
}

/** One branch host per spec file (worker): starting it seeds a few hundred demo customers, which takes a while. */
export const test = base.extend<Fixtures, { branchHost: HostProcess; headOffice: boolean; hostArgs: string[]; hostCommand: HostOptions['command']; headOfficeServer: HeadOffice | null }>({
  /** `test.use({ headOffice: true })`: the host syncs with a head-office sync server (loopback, port of the OS's choosing). */
  headOffice: [false, { scope: 'worker', option: true }],
  /** `test.use({ hostArgs: ['--demo-days', '7'] })`: more flags for the spec's `jingwei branch`. */
  hostArgs: [[], { scope: 'worker', option: true }],
  /** `test.use({ hostCommand: 'demo' })`: the spec's host is `jingwei demo` (what `npm start` runs), not `jingwei branch`. */
  hostCommand: ['branch', { scope: 'worker', option: true }],
  headOfficeServer: [
    async ({ headOffice }, use) => {
      const ho = headOffice ? await startHeadOffice() : null;
      await use(ho);
      await ho?.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  branchHost: [
    async ({ headOfficeServer: ho, hostArgs, hostCommand }, use) => {
      const remote = ho ? ['--remote', ho.remote.url, '--user', ho.remote.username] : [];
      const host = await startHost({ command: hostCommand, args: [...remote, ...hostArgs], env: ho ? { JINGWEI_DEVICE_PASSWORD: ho.remote.password } : {} });
      await use(host);
      await host.dispose();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  loginPage: async ({ page, branchHost }, use) => use(new LoginPage(page, () => branchHost.url)),
  customers: async ({ page }, use) => use(new CustomersPage(page)),
});

export { expect } from '@playwright/test';

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './support/global-setup.ts',
  // Each worker starts its own branch host on ports of the OS's choosing. Most of a spec's time is spent waiting
  // on hosts, servers and the browser rather than computing, so two workers fit a 2-core CI machine.
  workers: Number(process.env.JW_E2E_WORKERS ?? 2),
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Playwright empties its output folder at start: one folder per checkout, so runs from other checkouts on the
  // same machine never delete each other's traces mid-test.
  outputDir: process.env.JW_E2E_OUT ?? join(tmpdir(), 'jingwei-e2e-results', createHash('sha256').update(import.meta.dirname).digest('hex').slice(0, 12)),
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium' }],
});

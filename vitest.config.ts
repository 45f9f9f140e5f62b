import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{domain,db,i18n,main,preload,renderer,sync-server,trust,bench,scripts,build}/**/*.test.{ts,tsx}', 'tests/security/**/*.test.ts'],
    environment: 'node',
    // Generous: CI may share its cores with other work (a sync test of ~5 s idle took 31 s at load 40). Speed is
    // measured by bench/, never by a test's timeout.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

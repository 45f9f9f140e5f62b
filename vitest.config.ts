import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{domain,db,i18n,main,preload,renderer,sync-server,trust,bench,scripts,build}/**/*.test.{ts,tsx}', 'tests/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

// Lint set-up. Besides the usual TypeScript and React-hooks rules it enforces the layers of
// /work/shared/ARCHITECTURE.md ("who may import what") with no-restricted-imports, one rule set per folder.
// Specifiers are matched as written, so a layer is recognised by a path segment (`../../db/store` → db).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const seg = (name) => `(^|/)${name}(/|$)`;
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];

/** Reusable bans; each becomes one `patterns` entry with a Chinese-and-English message naming the rule. */
const ban = {
  electron: { regex: '^electron(-updater)?(/|$)', message: '只有 main/electron 与 preload 可以引用 electron。Only main/electron and preload may import electron.' },
  // The driver decides whether a store is encrypted (db/sqlite.ts): nothing outside db/ may open SQLite on its own.
  sqliteDriver: { regex: '^better-sqlite3', message: '只有 db/ 可以引用 SQLite 驱动（db/sqlite.ts）。Only db/ may import the SQLite driver (use db/sqlite.ts).' },
  nodeBuiltins: {
    regex: `^(node:.*|(${nodeBuiltins.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(/.*)?)$`,
    message: '此层须保持纯净，不得使用 Node 内置模块。This layer is pure: no Node built-ins.',
  },
  db: { regex: seg('db'), message: '此层不得引用 db/。This layer may not import db/.' },
  main: { regex: seg('main'), message: '此层不得引用 main/。This layer may not import main/.' },
  renderer: { regex: seg('renderer'), message: '此层不得引用 renderer/。This layer may not import renderer/.' },
  syncServer: { regex: seg('sync-server'), message: '此层不得引用 sync-server/。This layer may not import sync-server/.' },
  preload: { regex: seg('preload'), message: '此层不得引用 preload/。This layer may not import preload/.' },
  host: { regex: seg('host'), message: 'main/core 不得引用 main/host。main/core may not import main/host.' },
  cli: { regex: seg('cli'), message: 'main/core 不得引用 main/cli。main/core may not import main/cli.' },
  electronFolder: { regex: seg('electron'), message: 'main/core 不得引用 main/electron 或 electron。main/core may not import main/electron or electron.' },
  tooling: { regex: `${seg('(tests|bench|scripts|build)')}`, message: '产品代码不得引用测试、基准或构建脚本。Product code may not import tests, bench, scripts or build.' },
  mainExceptApi: { regex: '(^|/)main/(?!core/api/)', message: 'preload 只能引用 main/core/api（契约）。preload may only import main/core/api.' },
  domainFromPreload: { regex: `${seg('(domain|i18n)')}`, message: 'preload 在沙箱中运行，只携带桥接代码。The sandboxed preload carries the bridge only.' },
};

/** The renderer may see the core's API types, never its code: `import type` passes, value imports do not. */
const typeOnly = (b) => ({ ...b, allowTypeImports: true, message: `${b.message} 只允许 import type。Only \`import type\` is allowed.` });

const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

const code = '**/*.{ts,tsx,js,mjs,cjs}';
const tests = ['**/*.test.{ts,tsx}'];

export default defineConfig(
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
  globalIgnores(['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', '.data/', 'bench/out/', 'reference/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      // Scripts run under Node (bin/, build/smoke/, this file); the `globals` package is not installed.
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'URLSearchParams', 'Request', 'Response', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'Buffer', 'fetch', 'structuredClone', 'globalThis'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Layers. Flat config replaces (not merges) a rule's options per matching block, so each block lists every ban.
  { files: [code], rules: restrict(ban.sqliteDriver, ban.electron) },
  {
    files: ['domain/**', 'i18n/**'],
    rules: restrict(ban.sqliteDriver, ban.electron, ban.nodeBuiltins, ban.db, ban.main, ban.renderer, ban.syncServer, ban.preload, ban.tooling),
  },
  // Tests beside domain code may read fixtures from disk; the shipped domain code may not.
  { files: tests.map((t) => `{domain,i18n}/${t}`), rules: restrict(ban.sqliteDriver, ban.electron, ban.db, ban.main, ban.renderer, ban.syncServer, ban.preload) },
  { files: ['db/**'], rules: restrict(ban.electron, ban.main, ban.renderer, ban.syncServer, ban.preload) },
  // Head office's signatures and sealed proofs: shared by devices (main/core) and head office (sync-server), so it
  // may use node:crypto and domain/ but neither of them, nor the store.
  { files: ['trust/**'], rules: restrict(ban.electron, ban.sqliteDriver, ban.db, ban.main, ban.renderer, ban.syncServer, ban.preload, ban.tooling) },
  { files: ['main/core/**'], rules: restrict(ban.sqliteDriver, ban.electronFolder, ban.host, ban.cli, ban.renderer, ban.syncServer, ban.preload) },
  {
    files: ['main/host/**'],
    rules: restrict(ban.sqliteDriver, ban.electron, { regex: '^\\.{1,2}/(.*/)?electron(/|$)', message: 'main/host 不得引用 main/electron。main/host may not import main/electron.' }, ban.renderer, ban.syncServer, ban.preload),
  },
  { files: ['main/cli/**'], rules: restrict(ban.sqliteDriver, ban.electron, ban.renderer, ban.preload) },
  { files: ['main/electron/**'], rules: restrict(ban.sqliteDriver, ban.renderer, ban.syncServer, ban.db, ban.preload) },
  { files: ['preload/**'], rules: restrict(ban.sqliteDriver, ban.nodeBuiltins, ban.mainExceptApi, ban.domainFromPreload, ban.db, ban.renderer, ban.syncServer) },
  { files: tests.map((t) => `preload/${t}`), rules: restrict(ban.sqliteDriver, ban.mainExceptApi, ban.db, ban.renderer, ban.syncServer) },
  {
    files: ['renderer/**'],
    rules: restrict(ban.sqliteDriver, ban.electron, ban.nodeBuiltins, typeOnly(ban.db), typeOnly(ban.main), typeOnly(ban.syncServer), typeOnly(ban.preload), ban.tooling),
  },
  // The Vite config and renderer tests run in Node, not in the page.
  {
    files: ['renderer/vite.config.ts', ...tests.map((t) => `renderer/${t}`)],
    rules: restrict(ban.sqliteDriver, ban.electron, typeOnly(ban.db), typeOnly(ban.main), typeOnly(ban.syncServer), typeOnly(ban.preload)),
  },
  { files: ['sync-server/**'], rules: restrict(ban.sqliteDriver, ban.electron, ban.main, ban.renderer, ban.preload) },

  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  // Playwright requires fixtures that use no other fixture to destructure an empty object: `async ({}, use) =>`.
  { files: ['tests/e2e/**'], rules: { 'no-empty-pattern': 'off' } },
);

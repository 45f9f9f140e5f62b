import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js, checked on small snippets placed (virtually) in each folder: a broken
 * pattern would silently allow what ARCHITECTURE.md forbids, so each ban and each allowance is exercised.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
});

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const allowed = (file: string, source: string) => expect(restricted(file, source)).resolves.toEqual([]);
const refused = (file: string, source: string, why: RegExp) => expect(restricted(file, source)).resolves.toEqual([expect.stringMatching(why)]);

describe('domain/ and i18n/ stay pure', () => {
  it('allow npm packages, other domain code and i18n', async () => {
    await allowed('domain/credit/x.ts', "import { z } from 'zod';\nimport { fen } from '../money/fen';\nimport { translate } from '../../i18n/translate';\nexport { z, fen, translate };\n");
  });
  it('refuse node built-ins, db, main, renderer, sync-server and electron', async () => {
    await refused('domain/credit/x.ts', "import fs from 'node:fs';\nexport { fs };\n", /Node built-ins/);
    await refused('domain/credit/x.ts', "import path from 'path';\nexport { path };\n", /Node built-ins/);
    await refused('domain/credit/x.ts', "import { openStore } from '../../db/store';\nexport { openStore };\n", /db\//);
    await refused('domain/credit/x.ts', "import { createCore } from '../../main/core/core';\nexport { createCore };\n", /main\//);
    await refused('i18n/messages/x.ts', "import { App } from '../../renderer/desk/DeskApp';\nexport { App };\n", /renderer\//);
    await refused('domain/x.ts', "import { app } from 'electron';\nexport { app };\n", /electron/);
  });
  it('let domain tests read fixtures from disk', async () => {
    await allowed('domain/identity/x.test.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n");
  });
});

describe('db/, main/core/, sync-server/', () => {
  it('keep db below the core', async () => {
    await allowed('db/adapter/x.ts', "import type { CustomerDoc } from '../../domain/customers/customer';\nimport Database from 'better-sqlite3-multiple-ciphers';\nexport type { CustomerDoc };\nexport { Database };\n");
    await refused('db/adapter/x.ts', "import { createCore } from '../../main/core/core';\nexport { createCore };\n", /main\//);
  });
  it('keep the core free of the shell, the host and the UI', async () => {
    await allowed('main/core/x.ts', "import { openStore } from '../../db/store';\nimport { mkdirSync } from 'node:fs';\nexport { openStore, mkdirSync };\n");
    await refused('main/core/x.ts', "import { startBranchHost } from '../host/branch-host';\nexport { startBranchHost };\n", /main\/host/);
    await refused('main/core/x.ts', "import { registerCallHandler } from '../electron/ipc';\nexport { registerCallHandler };\n", /main\/electron/);
    await refused('main/core/queue/x.ts', "import { ipcMain } from 'electron';\nexport { ipcMain };\n", /electron/);
  });
  it('keep the head-office server away from branch code and electron', async () => {
    await refused('sync-server/x.ts', "import { createCore } from '../main/core/core';\nexport { createCore };\n", /main\//);
    await refused('sync-server/x.ts', "import { app } from 'electron';\nexport { app };\n", /electron/);
  });
});

describe('trust/ (head-office signatures)', () => {
  it('uses node:crypto and domain rules, and is used by the core and head office alike', async () => {
    await allowed('trust/x.ts', "import { sign } from 'node:crypto';\nimport type { Role } from '../domain/staff/roles';\nexport { sign };\nexport type { Role };\n");
    await allowed('main/core/x.ts', "import { verifyDoc } from '../../trust/signature';\nexport { verifyDoc };\n");
    await allowed('sync-server/x.ts', "import { signDoc } from '../trust/signature';\nexport { signDoc };\n");
  });
  it('depends on neither of them, nor on the store', async () => {
    await refused('trust/x.ts', "import { createCore } from '../main/core/core';\nexport { createCore };\n", /main\//);
    await refused('trust/x.ts', "import { createSyncServer } from '../sync-server/server';\nexport { createSyncServer };\n", /sync-server\//);
    await refused('trust/x.ts', "import { openStore } from '../db/store';\nexport { openStore };\n", /db\//);
  });
});

describe('renderer/', () => {
  it('may use API types, domain rules and i18n', async () => {
    await allowed(
      'renderer/desk/x.tsx',
      "import type { Bridge } from '../../main/core/api/transport';\nimport { parseResidentId } from '../../domain/identity/resident-id';\nimport { translate } from '../../i18n/translate';\nexport type { Bridge };\nexport { parseResidentId, translate };\n",
    );
  });
  it('may not import core code, the db, electron or node built-ins', async () => {
    await refused('renderer/desk/x.tsx', "import { IPC_CALL_CHANNEL } from '../../main/core/api/transport';\nexport { IPC_CALL_CHANNEL };\n", /import type/);
    await refused('renderer/desk/x.tsx', "import { openStore } from '../../db/store';\nexport { openStore };\n", /db\//);
    await refused('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n", /electron/);
    await refused('renderer/x.ts', "import { readFile } from 'node:fs/promises';\nexport { readFile };\n", /Node built-ins/);
  });
});

describe('electron is confined to the shell and the preload', () => {
  it('is allowed in main/electron and preload', async () => {
    await allowed('main/electron/x.ts', "import { app } from 'electron';\nimport { createCore } from '../core/core';\nexport { app, createCore };\n");
    await allowed('preload/x.ts', "import { contextBridge } from 'electron';\nimport { IPC_CALL_CHANNEL } from '../main/core/api/transport';\nexport { contextBridge, IPC_CALL_CHANNEL };\n");
  });
  it('is refused everywhere else, including tests and the host', async () => {
    await refused('tests/e2e/x.spec.ts', "import { app } from 'electron';\nexport { app };\n", /electron/);
    await refused('main/host/x.ts', "import { app } from 'electron';\nexport { app };\n", /Only main\/electron and preload/);
    await refused('main/host/x.ts', "import { registerCallHandler } from '../electron/ipc';\nexport { registerCallHandler };\n", /main\/host may not import main\/electron/);
    await refused('main/cli/x.ts', "import { autoUpdater } from 'electron-updater';\nexport { autoUpdater };\n", /electron/);
  });
  it('keeps the sandboxed preload to the bridge', async () => {
    await refused('preload/x.ts', "import { createCore } from '../main/core/core';\nexport { createCore };\n", /main\/core\/api/);
    await refused('preload/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n", /Node built-ins/);
    await refused('preload/x.ts', "import { translate } from '../i18n/translate';\nexport { translate };\n", /bridge only/);
  });
});

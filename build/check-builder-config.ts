/**
 * Validates electron-builder.yml against electron-builder's own schema without packaging (which needs the
 * Electron binary). Run: `npx tsx build/check-builder-config.ts`.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

type Config = Record<string, unknown> & { productName?: string; appId?: string; publish?: unknown };
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, extra: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = await getConfig(root, `${root}electron-builder.yml`, null);
await validateConfiguration(config, new DebugLogger(false));
console.log(`electron-builder.yml is valid: ${config.appId} “${config.productName}”, publish ${JSON.stringify(config.publish)}`);

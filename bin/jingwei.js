#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so that IT and scripts need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));

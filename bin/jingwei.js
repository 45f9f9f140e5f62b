#!/usr/bin/env node
// Runs the compiled command (dist/cli/, built by scripts/setup.sh); from a source checkout it first rebuilds
// whatever sources changed since, so nobody runs yesterday's code and nobody waits for a TypeScript compiler.
import { ensureCliBuilt } from '../build/cli-build.mjs';

const { main } = await import(await ensureCliBuilt());
process.exitCode = await main(process.argv.slice(2));

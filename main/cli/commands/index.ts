import type { CliCommand } from '../command';
import { ocrCommand } from './ocr';
import { branchCommand } from './branch';
import { couchdbSetupCommand } from './couchdb-setup';
import { demoCommand } from './demo';
import { syncCommand } from './sync';
import { scheduleCommand } from './schedule';
import { serverCommand } from './server';

// Each subcommand lives in its own file; this list is the only place they are registered.
export const commands: CliCommand[] = [
  demoCommand,
  branchCommand,
  scheduleCommand,
  serverCommand,
  couchdbSetupCommand,
  ocrCommand,
  syncCommand,
];

import type { CliCommand } from '../command';
import { branchCommand } from './branch';

// Each subcommand lives in its own file; this list is the only place they are registered.
export const commands: CliCommand[] = [
  branchCommand,
];

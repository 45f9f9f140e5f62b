/** A `jingwei` subcommand. `run` returns the process exit code so scripts can tell success from failure. */
export interface CliCommand {
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * How the command list knows a subcommand without loading it: `jingwei schedule` must not pay for the sync
 * server, the OCR engine or the UI build that other subcommands import.
 */
export interface CliEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

/** A `jingwei` subcommand. `run` returns the process exit code so scripts can tell success from failure. */
export interface CliCommand {
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * Runs the subcommand `argv[0]` names (`jingwei value accrue …`, `jingwei feed import …`) with the arguments after
 * it; a missing or unknown one (own keys only: `constructor` is no subcommand) prints the usage and exits 2.
 */
export async function dispatchSubcommand(
  argv: string[], table: Record<string, (rest: string[]) => number | Promise<number>>, usage: string,
): Promise<number> {
  const name = argv[0] ?? '';
  if (!Object.hasOwn(table, name)) {
    console.error(usage);
    return 2;
  }
  return table[name]!(argv.slice(1));
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

/** A `jingwei` subcommand. `run` returns the process exit code so scripts can tell success from failure. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

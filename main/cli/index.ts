import type { CliEntry } from './command';
import { commands } from './commands';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    '精微网点 Jingwei Branch — 命令行 / command line',
    '',
    '用法 Usage: jingwei <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '每个命令的帮助 Help for one command: jingwei <command> --help',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return 0;
  }
  const entry: CliEntry | undefined = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`未知命令 Unknown command: ${name}\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${entry.summary}\n\n${command.usage}`);
    return 0;
  }
  return command.run(rest);
}

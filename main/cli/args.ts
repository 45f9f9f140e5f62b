import { parseArgs } from 'node:util';
import { z } from 'zod';
import { credentialUrlProblem } from '../../domain/net/secure-remote';

/** Node's parser explains itself in English only; the case people meet (a value starting with "-") in Chinese too. */
function argsProblemZh(e: unknown): string {
  const flag = /Option '(--[\w-]+)/.exec((e as Error).message)?.[1];
  if ((e as { code?: string }).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || !flag) return '';
  return `选项 ${flag} 缺少取值，或取值以“-”开头（负数等请写成 ${flag}=取值，例如 ${flag}=-5）。`;
}

/**
 * Parses `--flag value` options and validates them with a zod schema; on failure prints which option is wrong
 * in Chinese and English and returns null, so every command reports bad input the same way (exit code 2).
 */
export function parseOptions<S extends z.ZodObject>(
  argv: string[],
  schema: S,
  spec: Record<string, { type: 'string' | 'boolean'; short?: string }>,
): { options: z.infer<S>; positionals: string[] } | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`参数错误 Invalid arguments: ${argsProblemZh(e)}${(e as Error).message}`);
    return null;
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    for (const issue of result.error.issues) console.error(`参数 --${issue.path.join('.')} 不正确 invalid: ${issue.message}`);
    return null;
  }
  return { options: result.data, positionals: parsed.positionals };
}

export const portSchema = z.coerce.number().int().min(0).max(65535);
export const branchCodeSchema = z.string().regex(/^[A-Za-z0-9]{2,10}$/, '支行代码应为2–10位字母数字 branch code: 2–10 letters/digits');

/**
 * A command run by head office's administrator against its server (`--url`, credentials from the environment):
 * options, environment and a URL that would not send the credentials in the clear, or null after saying what is
 * wrong (exit code 2).
 */
export function parseAdminCommand<S extends z.ZodObject<{ url: z.ZodURL }>, E extends z.ZodObject>(
  argv: string[],
  schema: S,
  spec: Record<string, { type: 'string' | 'boolean'; short?: string }>,
  envSchema: E,
  usage: string,
): { options: z.infer<S>; env: z.infer<E> } | null {
  const parsed = parseOptions(argv, schema, spec);
  const env = envSchema.safeParse(process.env);
  if (!parsed || parsed.positionals.length > 0 || !env.success) {
    console.error(`参数或环境变量不完整 Missing arguments or environment\n\n${usage}`);
    return null;
  }
  const insecure = credentialUrlProblem(parsed.options.url);
  if (insecure) {
    console.error(insecure);
    return null;
  }
  return { options: parsed.options, env: env.data };
}

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { allowedHostsFrom } from '../../../domain/net/host-header';
import type { CliCommand } from '../command';
import { createSyncServer } from '../../../sync-server/server';
import { ensureHeadOffice } from '../../../sync-server/provision';

const options = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  data: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  memory: z.boolean().default(false),
});

const adminEnv = z.object({
  JINGWEI_ADMIN_USER: z.string().min(1),
  JINGWEI_ADMIN_PASSWORD: z.string().min(8, 'JINGWEI_ADMIN_PASSWORD 至少 8 个字符 (at least 8 characters)'),
});

export const serverCommand: CliCommand = {
  usage: [
    'jingwei server --port P --data DIR [--host 127.0.0.1] [--memory]',
    '',
    '  服务器管理员来自环境变量 The server admin comes from JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD.',
    '  首次启动创建 _users 与 reference 及其权限 First start creates _users and reference with their security.',
    '  --memory  数据只在内存中（仅用于开发）keep data in memory only (development)',
    '  JINGWEI_ALLOWED_HOSTS=sync.bank.example,*.bank.example  除IP地址和localhost外允许的主机名（防DNS重绑定）',
    '            host names accepted besides IP addresses and localhost (against DNS rebinding), e.g. behind a proxy',
  ].join('\n'),
  async run(argv) {
    let parsed;
    try {
      const { values } = parseArgs({
        args: argv,
        options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, memory: { type: 'boolean' } },
        strict: true,
      });
      parsed = options.safeParse(values);
    } catch (err) {
      console.error(`参数错误 Invalid arguments: ${(err as Error).message}\n\n${this.usage}`);
      return 2;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      console.error(`参数 --${issue?.path.join('.')} 不正确 (${issue?.message})\n\n${this.usage}`);
      return 2;
    }
    const env = adminEnv.safeParse(process.env);
    const admin = env.success ? { name: env.data.JINGWEI_ADMIN_USER, password: env.data.JINGWEI_ADMIN_PASSWORD } : null;
    if (!admin) console.error('警告：未设置服务器管理员，无法创建数据库和用户 (warning: no server admin; set JINGWEI_ADMIN_USER/JINGWEI_ADMIN_PASSWORD)');

    const server = await createSyncServer({
      dataDir: resolve(parsed.data.data),
      host: parsed.data.host,
      port: parsed.data.port,
      admin,
      storage: parsed.data.memory ? 'memory' : 'sqlite',
      allowedHosts: [parsed.data.host, ...allowedHostsFrom(process.env.JINGWEI_ALLOWED_HOSTS)],
    });
    if (admin) await ensureHeadOffice({ url: server.url, admin });
    console.log(server.url);

    return new Promise<number>((done) => {
      const stop = (signal: string) => {
        console.error(`收到 ${signal}，正在关闭 (shutting down)`);
        server.close().then(
          () => done(0),
          (err: unknown) => {
            console.error(err);
            done(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};

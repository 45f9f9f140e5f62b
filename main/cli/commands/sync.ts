import { resolve } from 'node:path';
import { z } from 'zod';
import { branchDbName, createCore } from '../../core/core';
import { runOneShot, SyncFailure, type OneShotProgress, type SyncFailureKind } from '../../core/sync/one-shot';
import { openRemote, resolveRemote } from '../../core/sync/remote';
import { TransferMeter } from '../../core/sync/transfer-meter';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { branchCodeSchema, parseOptions } from '../args';
import type { CliCommand } from '../command';

const schema = z.object({
  data: z.string().min(1),
  remote: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  branch: branchCodeSchema.default('HM01'),
  retries: z.coerce.number().int().min(1).max(100).default(5),
  quiet: z.boolean().default(false),
});

/** Exit codes scripts can branch on; 0 only when both directions finished. */
export const SYNC_EXIT: Record<SyncFailureKind, number> = {
  failed: 1,
  unreachable: 3,
  unauthorized: 4,
  forbidden: 4,
  'not-found': 5,
  interrupted: 6,
};

const MESSAGES: Record<SyncFailureKind, string> = {
  unreachable: '无法连接总行服务器，同步未完成 Head office unreachable; sync did not finish',
  unauthorized: '用户名或密码错误（401），同步未完成 Wrong user name or password (401); sync did not finish',
  forbidden: '本设备无权访问该支行数据库（403），同步未完成 This device may not access the branch database (403); sync did not finish',
  'not-found': '总行服务器上没有该支行数据库（404），同步未完成 The branch database does not exist on the server (404); sync did not finish',
  interrupted: '同步被中断，下次将从检查点继续 Sync interrupted; the next run resumes from its checkpoint',
  failed: '同步失败 Sync failed',
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** One progress line; the "sent N docs" / "received N docs" parts are stable for scripts that parse them. */
export function progressLine(p: OneShotProgress): string {
  const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
  return `同步 sync ${p.phaseIndex + 1}/${p.phaseCount} ${p.phase.padEnd(10)} ${String(pct).padStart(3)}%  ` +
    `上传 sent ${p.docsSent} docs / ${kb(p.bytesSent)}  下载 received ${p.docsReceived} docs / ${kb(p.bytesReceived)}`;
}

export const syncCommand: CliCommand = {
  usage: [
    'jingwei sync --data DIR --remote URL [--user U --password P] [--branch HM01] [--retries 5] [--quiet]',
    '',
    '  --data DIR      本机数据目录 this device\'s data folder',
    '  --remote URL    总行服务器或支行库地址，可含 user:password@ server URL or branch database URL',
    '  --retries N     每阶段网络错误重试次数 tries per phase on network errors',
    '',
    '退出码 Exit codes: 0 完成 complete, 1 失败 failed, 2 参数错误 bad arguments, 3 无法连接 unreachable,',
    '                  4 认证或权限 401/403, 5 库不存在 404, 6 被中断 interrupted',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, {
      data: { type: 'string' }, remote: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
      branch: { type: 'string' }, retries: { type: 'string' }, quiet: { type: 'boolean' },
    });
    if (!parsed) return 2;
    const o = parsed.options;
    const insecure = o.user || new URL(o.remote).username ? credentialUrlProblem(o.remote) : null;
    if (insecure) {
      console.error(insecure);
      return 2;
    }
    const core = await createCore({ dataDir: resolve(o.data), branchCode: o.branch, log: () => undefined });
    const remoteCfg = { url: o.remote, ...(o.user ? { username: o.user } : {}), ...(o.password !== undefined ? { password: o.password } : {}) };
    const dbName = branchDbName(o.branch);
    const meter = new TransferMeter();
    const remote = openRemote(remoteCfg, dbName, meter);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    console.log(`同步 sync ${resolve(o.data)} ⇄ ${resolveRemote(remoteCfg, dbName).dbUrl}`);
    let lastLine = 0;
    let lastPhase = -1;
    try {
      const result = await runOneShot({
        local: core.store.pouch, remote, meter, attempts: o.retries, signal: abort.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (o.quiet || (p.phaseIndex === lastPhase && now - lastLine < 250)) return;
          lastLine = now;
          lastPhase = p.phaseIndex;
          console.log(progressLine(p));
        },
      });
      console.log(
        `完成 complete: 上传 sent ${result.up.docs} docs / ${kb(result.up.bytes)}, 下载 received ${result.down.docs} docs / ${kb(result.down.bytes)}` +
          (result.up.denied.length ? `; 被拒绝 denied ${result.up.denied.length}` : ''),
      );
      for (const d of result.up.denied.slice(0, 20)) console.error(`  被拒绝 denied ${d.id}: ${d.reason}`);
      return 0;
    } catch (e) {
      if (!(e instanceof SyncFailure)) throw e;
      console.error(`${MESSAGES[e.kind]}\n  ${e.message}`);
      return SYNC_EXIT[e.kind];
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await core.close();
    }
  },
};

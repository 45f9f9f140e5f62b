import { resolve } from 'node:path';
import { z } from 'zod';
import { anchorAtHeadOffice, headOfficeDb } from '../../core/audit/anchors';
import { branchDbName, openBranchStore, storeKeys } from '../../core/branch-store';
import { readDeviceId } from '../../core/device-id';
import { defaultSecretsDir, openDeviceSecrets } from '../../core/secrets/device-secrets';
import { withEnrolledCredentials } from '../../core/devices/enrolment';
import { DeviceWasRevoked, wasRevoked, wipeDeviceData } from '../../core/devices/revocation';
import { DeviceRevokedError } from '../../core/sync/http/errors';
import { DEFAULT_ATTEMPTS, runOneShot, type OneShotProgress } from '../../core/sync/one-shot';
import { SyncFailure, type SyncFailureKind } from '../../core/sync/replicator/failures';
import type { CouchHttp } from '../../core/sync/http/couch-http';
import type { WireCounts } from '../../core/sync/http/wire-meter';
import { openRemote, resolveRemote } from '../../core/sync/remote';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { branchCodeSchema, parseOptions } from '../args';
import type { CliCommand } from '../command';

const schema = z.object({
  data: z.string().min(1),
  remote: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  branch: branchCodeSchema.default('HM01'),
  retries: z.coerce.number().int().min(1).max(1000).default(DEFAULT_ATTEMPTS),
  quiet: z.boolean().default(false),
});

/** Head office revoked this device; the data folder was wiped. */
export const SYNC_REVOKED_EXIT = 7;

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

/** What crossed the line, for IT judging a weak link; `re-sent` is what cuts threw away (requests that got no answer). */
export function wireLine(w: WireCounts): string {
  return `线路 wire: 发送 up ${kb(w.bytesSent)} 接收 down ${kb(w.bytesReceived)} in ${w.requests} requests; ` +
    `中断丢弃 re-sent ${kb(w.failedBytesSent)} in ${w.failedRequests} failed requests`;
}

/** One progress line; the "sent N docs" / "received N docs" parts are stable for scripts that parse them. */
export function progressLine(p: OneShotProgress): string {
  const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
  return `同步 sync ${p.phaseIndex + 1}/${p.phaseCount} ${p.phase.padEnd(10)} ${String(pct).padStart(3)}%  ` +
    `上传 sent ${p.docsSent} docs / ${kb(p.bytesSent)}  下载 received ${p.docsReceived} docs / ${kb(p.bytesReceived)}`;
}

/**
 * After a complete sync: this device's audit chain head is anchored at head office (core/audit/anchors.ts). A
 * data folder no core has run on has no chain of its own to anchor.
 */
async function anchorAudit(local: PouchDB.Database<object>, http: CouchHttp, device: string | null): Promise<number> {
  if (!device) return 0;
  try {
    const anchor = await anchorAtHeadOffice({ local, remote: headOfficeDb(http), device, now: new Date() });
    if (anchor.status === 'anchored') console.log(`审计链已在总行锚定至第 ${anchor.seq} 条 audit chain anchored at head office through entry #${anchor.seq}`);
    if (anchor.status === 'diverged') {
      console.error(`总行的第 ${anchor.seq} 条审计记录与本机不同，请联系科技部 Head office holds another audit entry #${anchor.seq} than this device; contact IT`);
      return SYNC_EXIT.failed;
    }
  } catch (e) {
    console.error(`审计链未能在总行锚定，下次同步时重试 Could not anchor the audit chain at head office; the next sync retries\n  ${(e as Error).message}`);
  }
  return 0;
}

export const syncCommand: CliCommand = {
  usage: [
    'jingwei sync --data DIR --remote URL [--user U] [--branch HM01] [--retries 5] [--quiet]   (JINGWEI_DEVICE_PASSWORD=…)',
    '',
    '  --data DIR      本机数据目录 this device\'s data folder',
    '  --remote URL    总行服务器或支行库地址 server URL or branch database URL',
    '  --user U        设备用户；密码取自环境变量 JINGWEI_DEVICE_PASSWORD（--password P 亦可，但会出现在进程列表中）',
    '                  device user; its password comes from JINGWEI_DEVICE_PASSWORD (--password P works but shows in',
    '                  the process list)',
    '  --retries N     连续 N 次失败且毫无进展才放弃；只要仍在传输就一直重试',
    '                  give up after N failed tries in a row with nothing moving; while data moves it never gives up',
    '',
    '退出码 Exit codes: 0 完成 complete, 1 失败 failed, 2 参数错误 bad arguments, 3 无法连接 unreachable,',
    '                  4 认证或权限 401/403, 5 库不存在 404, 6 被中断 interrupted, 7 设备已被停用（本机数据已清除） revoked, wiped',
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
    const password = o.password ?? process.env.JINGWEI_DEVICE_PASSWORD;
    if (o.user && password === undefined) {
      console.error('缺少设备密码：请设置环境变量 JINGWEI_DEVICE_PASSWORD Missing the device password: set JINGWEI_DEVICE_PASSWORD');
      return 2;
    }
    const dataDir = resolve(o.data);
    const dbName = branchDbName(o.branch);
    if (wasRevoked(dataDir)) {
      console.error(new DeviceWasRevoked().message);
      return SYNC_REVOKED_EXIT;
    }
    // The same device secrets the branch host opens: the store is encrypted with a key kept there.
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) });
    const store = await openBranchStore(dataDir, o.branch.toUpperCase(), storeKeys(secrets, dbName));
    // Without --user, the credentials this device made at enrolment (jingwei enrol).
    const remoteCfg = withEnrolledCredentials({ url: o.remote, ...(o.user ? { username: o.user, password } : {}) }, secrets);
    const http = openRemote(remoteCfg, dbName);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    console.log(`同步 sync ${dataDir} ⇄ ${resolveRemote(remoteCfg, dbName).dbUrl}`);
    let lastLine = 0;
    let lastPhase = -1;
    try {
      const result = await runOneShot({
        local: store.pouch, http, attempts: o.retries, signal: abort.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (o.quiet || (p.phaseIndex === lastPhase && now - lastLine < 250)) return;
          lastLine = now;
          lastPhase = p.phaseIndex;
          console.log(progressLine(p));
        },
        onRetry: (e, ms) => {
          if (!o.quiet) console.log(`链路中断，${(ms / 1000).toFixed(1)} 秒后继续 link lost (${(e as Error).message}); resuming in ${(ms / 1000).toFixed(1)} s`);
        },
      });
      console.log(
        `完成 complete: 上传 sent ${result.up.docs} docs / ${kb(result.up.bytes)}, 下载 received ${result.down.docs} docs / ${kb(result.down.bytes)}` +
          (result.retries ? `; 中断后续传 resumed after ${result.retries} cuts` : '') +
          (result.up.denied.length ? `; 被拒绝 denied ${result.up.denied.length}` : ''),
      );
      for (const d of result.up.denied.slice(0, 20)) console.error(`  被拒绝 denied ${d.id}: ${d.reason}`);
      const anchored = await anchorAudit(store.pouch, http, readDeviceId(dataDir));
      if (!o.quiet) console.log(wireLine(http.meter.snapshot()));
      return anchored;
    } catch (e) {
      if (!(e instanceof DeviceRevokedError)) {
        if (!(e instanceof SyncFailure)) throw e;
        console.error(`${MESSAGES[e.kind]}\n  ${e.message}`);
        return SYNC_EXIT[e.kind];
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      http.close();
      await store.close();
    }
    // Head office revoked this device: nothing went up; its data goes (devices/revocation.ts).
    wipeDeviceData(dataDir, new Date());
    console.error(new DeviceWasRevoked().message);
    return SYNC_REVOKED_EXIT;
  },
};

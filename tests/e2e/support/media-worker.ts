import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediaWorkerBuilt } from '../../../sync-server/media/worker';
import { REPO_ROOT } from './host';

// The mediasoup worker setup.sh builds in the background (scripts/media-worker.sh start). The video specs run near the
// end of the E2E run; they wait for the build at most until JINGWEI_MEDIA_WORKER_WAIT seconds after set-up started
// (default 900), so `npm test` stays bounded on a fresh machine: when the build is not done by then, or failed, only
// the video specs skip, with the reason in Chinese and English.

const STATE = join(REPO_ROOT, 'node_modules/.cache/jingwei-media-worker');
const read = (name: string) => (existsSync(join(STATE, name)) ? readFileSync(join(STATE, name), 'utf8').trim() : null);

function running(): boolean {
  const pid = Number(read('pid'));
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The longest a spec's beforeAll may wait (ms): give it to test.setTimeout before calling awaitMediaWorker. */
export function mediaWorkerWaitBudgetMs(): number {
  const started = Number(read('started') ?? 0) * 1000;
  const limit = Number(process.env.JINGWEI_MEDIA_WORKER_WAIT ?? 900) * 1000;
  return Math.max(0, started + limit - Date.now()) + 30_000;
}

/** null when the worker is there; otherwise why the video specs skip. */
export async function awaitMediaWorker(): Promise<string | null> {
  const deadline = Date.now() + mediaWorkerWaitBudgetMs() - 30_000;
  while (read('rc') === null && running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5000));
  const rc = read('rc');
  if (rc !== null && rc !== '0') {
    return `视频面签媒体服务器（mediasoup worker）构建失败，视频面签测试跳过（日志 ${join(STATE, 'build.log')}）。` +
      ` The mediasoup worker did not build: the video tests are skipped (log ${join(STATE, 'build.log')}).`;
  }
  if (rc === null && running()) {
    return `视频面签媒体服务器（mediasoup worker）仍在构建，未在时限内完成，视频面签测试跳过。` +
      ` The mediasoup worker build did not finish in time (JINGWEI_MEDIA_WORKER_WAIT): the video tests are skipped.`;
  }
  if (!mediaWorkerBuilt()) {
    return '视频面签媒体服务器（mediasoup worker）未构建：请运行 bash scripts/setup.sh。' +
      ' The mediasoup worker is not built: run bash scripts/setup.sh.';
  }
  return null;
}

import { existsSync } from 'node:fs';
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';

// mediasoup's C++ worker is built by scripts/setup-mediasoup-worker.sh (npm does not build it here).

export class WorkerMissing extends Error {}

export function mediaWorkerBuilt(): boolean {
  return existsSync(process.env.MEDIASOUP_WORKER_BIN ?? mediasoup.workerBin);
}

export async function openMediaWorker(): Promise<ms.Worker> {
  if (!mediaWorkerBuilt()) {
    throw new WorkerMissing(
      `视频媒体服务器未构建：请运行 bash scripts/setup-mediasoup-worker.sh（${mediasoup.workerBin}）\n` +
        `The mediasoup worker is not built: run bash scripts/setup-mediasoup-worker.sh (${mediasoup.workerBin})`,
    );
  }
  const worker = await mediasoup.createWorker({ logLevel: 'warn', disableLiburing: true });
  worker.on('died', (err) => console.error('mediasoup worker died', err));
  return worker;
}

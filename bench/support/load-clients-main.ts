// One client process of the branches-load bench (bench/support/load-clients.ts forks several): it holds some of the
// devices, each a real branch client — its own encrypted store and the shipped sync client's end-of-day run
// (main/core/sync/one-shot.ts) — and runs them all at once when told. In a process of their own, the clients'
// CPU is not the bench's, and the bench reads the server's and the clients' CPU apart.
// Messages (IPC, checked by zod): open → opened (stores open, not timed), go → done (per-device results), close.
import { CouchHttp } from '../../main/core/sync/http/couch-http';
import { runOneShot } from '../../main/core/sync/one-shot';
import { openBranchDay } from './branch-day';
import { clientCommand, type ClientMessage, type DeviceResult } from './load-clients';

interface Open { user: string; local: PouchDB.Database<object>; http: CouchHttp }
let open: Open[] = [];

const send = (m: ClientMessage) => process.send!(m);

async function endOfDay(d: Open): Promise<DeviceResult> {
  const t0 = performance.now();
  try {
    const r = await runOneShot({ local: d.local, http: d.http });
    const failures = r.up.writeFailures + r.down.writeFailures;
    const errors = [...r.up.denied.map((x) => `denied ${x.id}: ${x.reason}`), ...(failures > 0 ? [`${failures} write failures`] : [])];
    return { user: d.user, ms: performance.now() - t0, up: r.up.docs, down: r.down.docs, requests: r.requests, errors };
  } catch (e) {
    return { user: d.user, ms: performance.now() - t0, up: 0, down: 0, requests: 0, errors: [e instanceof Error ? e.message : String(e)] };
  }
}

async function closeAll(): Promise<void> {
  const was = open;
  open = [];
  for (const d of was) {
    d.http.close();
    await d.local.close();
  }
}

process.on('message', (raw: unknown) => {
  void (async () => {
    const m = clientCommand.parse(raw);
    if (m.type === 'open') {
      await closeAll();
      for (const d of m.devices) {
        const local = await openBranchDay(d.dir, d.branch);
        const http = new CouchHttp({ dbUrl: `${m.url}/branch-${d.branch.toLowerCase()}`, ...(m.password ? { auth: { username: d.user, password: m.password } } : {}) });
        open.push({ user: d.user, local, http });
      }
      send({ type: 'opened' });
    } else if (m.type === 'go') {
      const results = await Promise.all(open.map(endOfDay));
      await closeAll();
      send({ type: 'done', results });
    } else {
      await closeAll();
      process.exit(0);
    }
  })().catch((e: unknown) => {
    send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  });
});
send({ type: 'ready' });

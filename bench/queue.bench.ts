/**
 * Queue latency on loopback, host in its own process:
 *   1. "call next" at a counter → the hall display's event stream delivers the call (target p95 < 100 ms);
 *   2. ticket issue with 50 concurrent kiosk clients (target p95 < 50 ms).
 * Side by side, as baselines on the same host and transport: a read-only public call (queue.board) with the same
 * concurrency, and issuing from a single client.
 *
 *   npx tsx bench/queue.bench.ts [calls=200] [clients=50] [ticketsPerClient=20]
 *
 * The machine's load average is printed with the figures: on a shared 2-core box the baseline rows show how much
 * of the latency is the machine rather than the queue.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const CALLS = Number(process.argv[2] ?? 200);
const CLIENTS = Number(process.argv[3] ?? 50);
const PER_CLIENT = Number(process.argv[4] ?? 20);
if (![CALLS, CLIENTS, PER_CLIENT].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('usage: npx tsx bench/queue.bench.ts [calls>0] [clients>0] [ticketsPerClient>0]');
  process.exit(2);
}
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function pct(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1]!;
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms · p95 ${pct(xs, 0.95).toFixed(1)} ms · max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

async function startHost(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/queue-host.ts', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const m = /QUEUE_HOST (\S+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  return {
    url,
    stop: () => new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

async function post<T>(base: string, method: string, args: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value as T;
}

/** The hall display's view: an unauthenticated event stream, read as it arrives. */
async function openHallStream(base: string, onEvent: (name: string, payload: { number?: string }) => void): Promise<AbortController> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}api/events`, { signal: ctrl.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) {
            const msg = JSON.parse(data) as { name: string; payload: { number?: string } };
            onEvent(msg.name, msg.payload);
          }
        }
      }
    } catch {
      // Aborted at the end of the run.
    }
  })();
  return ctrl;
}

async function concurrently(clients: number, perClient: number, task: (client: number, i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; i < perClient; i++) {
      const t0 = performance.now();
      await task(c, i);
      times.push(performance.now() - t0);
    }
  }));
  return times;
}

const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-queue-bench-'));
const host = await startHost(dataDir);
try {
  const base = host.url;
  const kioskKey = (JSON.parse(readFileSync(join(dataDir, 'queue-device.json'), 'utf8')) as { kioskKey: string }).kioskKey;
  const token = (await post<{ token: string }>(base, 'session.login', { staffNo: 'T001', password: 'bench-pass-2026' })).token;

  // --- 1. call next → display sees it ---
  const waiters = new Map<string, (at: number) => void>();
  const stream = await openHallStream(base, (name, payload) => {
    if (name === 'queue.called' && payload.number) waiters.get(payload.number)?.(performance.now());
  });
  for (let i = 0; i < 20; i++) await post(base, 'queue.board', {}); // warm-up
  const toDisplay: number[] = [];
  const reply: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const issued = await post<{ number: string }>(base, 'queue.issue', { service: 'corporate', kioskKey });
    const seen = new Promise<number>((r) => waiters.set(issued.number, r));
    const t0 = performance.now();
    await post(base, 'queue.callNext', { counter: 2, service: 'corporate' }, token);
    reply.push(performance.now() - t0);
    toDisplay.push((await seen) - t0);
    waiters.delete(issued.number);
    await post(base, 'queue.finish', { counter: 2 }, token);
  }
  stream.abort();
  const boardRoundTrip = await concurrently(1, CALLS, async () => void (await post(base, 'queue.board', {})));

  // --- 2. ticket issue, 50 concurrent kiosk clients ---
  const services = ['cash', 'loan', 'vip'];
  const issueArgs = (c: number) => ({ service: services[c % 3]!, kioskKey, ...(services[c % 3] === 'vip' ? { priority: 'vip' } : {}) });
  // Steady state is what a branch sees all day: warm the JIT and the connection pool first.
  await concurrently(CLIENTS, 2, async (c) => void (await post(base, 'queue.issue', issueArgs(c))));
  const issue50 = await concurrently(CLIENTS, PER_CLIENT, async (c) => void (await post(base, 'queue.issue', issueArgs(c))));
  const issue1 = await concurrently(1, Math.min(200, CLIENTS * PER_CLIENT), async (_c, i) => void (await post(base, 'queue.issue', issueArgs(i))));
  const board50 = await concurrently(CLIENTS, PER_CLIENT, async () => void (await post(base, 'queue.board', {})));

  const row = (label: string, xs: number[], target?: number) =>
    console.log(`${label.padEnd(44)} ${fmt(xs)}${target ? ` · target ${target} ms → ${pct(xs, 0.95) < target ? 'MET' : 'MISSED'} (p95/target ${(pct(xs, 0.95) / target).toFixed(2)})` : ''}`);
  console.log(`\nQueue latency on loopback (host in its own process, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs)\n`);
  row('call next → hall event stream shows it', toDisplay, 100);
  row('  call next HTTP reply alone', reply);
  row('  baseline: queue.board round trip, 1 client', boardRoundTrip);
  console.log(`  ratio call→display p95 / board p95: ${(pct(toDisplay, 0.95) / pct(boardRoundTrip, 0.95)).toFixed(2)}×\n`);
  row(`ticket issue, ${CLIENTS} concurrent clients`, issue50, 50);
  row('  baseline: ticket issue, 1 client', issue1);
  row(`  baseline: queue.board, ${CLIENTS} concurrent clients`, board50);
  console.log(`  ratio issue p95 / board p95 (same concurrency): ${(pct(issue50, 0.95) / pct(board50, 0.95)).toFixed(2)}×`);
  console.log(`  throughput: ${Math.round((CLIENTS * PER_CLIENT) / (issue50.reduce((s, x) => s + x, 0) / CLIENTS / 1000))} tickets/s`);
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

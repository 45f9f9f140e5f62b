/**
 * Queue latency on loopback, host in its own process:
 *   1. "call next" at a counter → the hall display's event stream delivers the call (target p95 < 100 ms);
 *   2. ticket issue with 50 concurrent kiosk clients (target p95 < 50 ms).
 * Side by side, as baselines on the same host and transport: a read-only public call (queue.board) with the same
 * concurrency, and issuing from a single client.
 *
 *   npx tsx bench/queue.bench.ts [calls=200] [clients=50] [ticketsPerClient=12] [runs=3]
 *   HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/queue.bench.ts   # profile the host
 *
 * The issue figure is the steady state a branch sees all day: the measuring client's HTTP stack and the host are
 * warmed first, and the first bursts after start-up are printed on their own rows. Both processes share this
 * machine's cores, so the CPU each spends per ticket is printed too: on a 2-core box Node's fetch in the measuring
 * client costs about as much CPU per request as the host does. Where `wrk` is installed (apt-get install wrk) the
 * same load is also sent from it, a native client that leaves the host the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueDeviceKeys } from '../main/core/queue/queue-device';
import { defaultSecretsDir, openDeviceSecrets } from '../main/core/secrets/device-secrets';
import { performance } from 'node:perf_hooks';
import { spawnHost } from './support/spawn-host';
import { callHost } from '../main/host/testing/host-api';

const CALLS = Number(process.argv[2] ?? 200);
const CLIENTS = Number(process.argv[3] ?? 50);
const PER_CLIENT = Number(process.argv[4] ?? 12);
const RUNS = Number(process.argv[5] ?? 3);
if (![CALLS, CLIENTS, PER_CLIENT, RUNS].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('usage: npx tsx bench/queue.bench.ts [calls>0] [clients>0] [ticketsPerClient>0] [runs>0]');
  process.exit(2);
}
const ISSUE_WARMUP = 6;

function pct(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1]!;
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms · p95 ${pct(xs, 0.95).toFixed(1)} ms · max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

/** CPU time (user + system) a process has used so far, in ms; null where /proc is not available. */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
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
const host = await spawnHost(['--import', 'tsx', 'bench/support/queue-host.ts', dataDir], /QUEUE_HOST (\S+)/);
try {
  const base = host.url;
  const { kioskKey } = queueDeviceKeys(await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) }));
  const token = (await callHost<{ token: string }>(base, 'session.login', { staffNo: 'T001', password: 'bench-pass-2026' })).token;

  // --- 1. call next → display sees it ---
  const waiters = new Map<string, (at: number) => void>();
  const stream = await openHallStream(base, (name, payload) => {
    if (name === 'queue.called' && payload.number) waiters.get(payload.number)?.(performance.now());
  });
  for (let i = 0; i < 20; i++) await callHost(base, 'queue.board', {}); // warm-up
  const toDisplay: number[] = [];
  const reply: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const issued = await callHost<{ number: string }>(base, 'queue.issue', { service: 'corporate', kioskKey });
    const seen = new Promise<number>((r) => waiters.set(issued.number, r));
    const t0 = performance.now();
    await callHost(base, 'queue.callNext', { counter: 2, service: 'corporate' }, token);
    reply.push(performance.now() - t0);
    toDisplay.push((await seen) - t0);
    waiters.delete(issued.number);
    await callHost(base, 'queue.finish', { counter: 2 }, token);
  }
  stream.abort();
  const boardRoundTrip = await concurrently(1, CALLS, async () => void (await callHost(base, 'queue.board', {})));

  // --- 2. ticket issue, 50 concurrent kiosk clients ---
  // A day's default range is 999 numbers per service; a load test issues more, so the branch head widens them.
  const head = (await callHost<{ token: string }>(base, 'session.login', { staffNo: 'H001', password: 'bench-pass-2026' })).token;
  const config = await callHost<{ services: { rangeEnd: number }[] }>(base, 'queue.config', {}, head);
  await callHost(base, 'queue.saveConfig', { config: { ...config, services: config.services.map((sv) => ({ ...sv, rangeEnd: 9999 })) } }, head);
  // VIP numbers need a VIP customer's card or the lobby manager (issue #10), so the kiosk load is the open services.
  const services = ['cash', 'loan', 'corporate'];
  const issueArgs = (c: number) => ({ service: services[c % 3]!, kioskKey });
  const issue = (c: number) => callHost(base, 'queue.issue', issueArgs(c)).then(() => undefined);
  const board = async () => void (await callHost(base, 'queue.board', {}));
  // Shown, not used for the target. The first read burst opens the connections while the measuring client's fetch is
  // still cold (its tail is the client's); the client then needs a few thousand requests to reach its steady speed.
  // Only after that does the first issue burst show what a host whose issue path is not yet compiled adds.
  const coldBoard = await concurrently(CLIENTS, ISSUE_WARMUP, board);
  await concurrently(CLIENTS, 40, board);
  const cold = await concurrently(CLIENTS, ISSUE_WARMUP, issue);
  const runs: number[][] = [];
  let hostCpu = 0;
  let clientCpu = 0;
  for (let r = 0; r < RUNS; r++) {
    const h0 = cpuMsOf(host.pid);
    const c0 = process.cpuUsage();
    runs.push(await concurrently(CLIENTS, PER_CLIENT, issue));
    const c = process.cpuUsage(c0);
    hostCpu += (cpuMsOf(host.pid) ?? NaN) - (h0 ?? NaN);
    clientCpu += (c.user + c.system) / 1000;
  }
  const issue50 = runs.flat();
  const issue1 = await concurrently(1, 200, async (_c, i) => void (await issue(i)));
  const board50 = await concurrently(CLIENTS, PER_CLIENT * RUNS, board);

  const row = (label: string, xs: number[], target?: number) =>
    console.log(`${label.padEnd(44)} ${fmt(xs)}${target ? ` · target ${target} ms → ${pct(xs, 0.95) < target ? 'MET' : 'MISSED'} (p95/target ${(pct(xs, 0.95) / target).toFixed(2)})` : ''}`);
  console.log(`\nQueue latency on loopback (host in its own process, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs)\n`);
  row('call next → hall event stream shows it', toDisplay, 100);
  row('  call next HTTP reply alone', reply);
  row('  baseline: queue.board round trip, 1 client', boardRoundTrip);
  console.log(`  ratio call→display p95 / board p95: ${(pct(toDisplay, 0.95) / pct(boardRoundTrip, 0.95)).toFixed(2)}×\n`);
  row(`ticket issue, ${CLIENTS} concurrent clients`, issue50, 50);
  console.log(`  p95 per run: ${runs.map((xs) => `${pct(xs, 0.95).toFixed(1)} ms`).join(' · ')}`);
  row('  first issue burst (host path not warmed)', cold);
  row('  first read burst, opening the connections', coldBoard);
  row('  baseline: ticket issue, 1 client', issue1);
  row(`  baseline: queue.board, ${CLIENTS} concurrent clients`, board50);
  console.log(`  ratio issue p95 / board p95 (same concurrency): ${(pct(issue50, 0.95) / pct(board50, 0.95)).toFixed(2)}×`);
  const wallS = runs.reduce((s, xs) => s + xs.reduce((a, x) => a + x, 0), 0) / CLIENTS / 1000;
  console.log(`  throughput: ${Math.round(issue50.length / wallS)} tickets/s`);
  if (Number.isFinite(hostCpu)) {
    console.log(`  CPU per ticket: host ${(hostCpu / issue50.length).toFixed(3)} ms (one thread: at most ${Math.round(issue50.length / hostCpu * 1000)} tickets/s) · measuring client ${(clientCpu / issue50.length).toFixed(3)} ms`);
  }

  // --- 3. the same load from a native load generator, where installed: the host's own capacity ---
  if (spawnSync('wrk', ['--version']).error) {
    console.log('\n  (wrk not installed — apt-get install wrk — so the native-client row is skipped)');
  } else {
    const script = join(dataDir, 'issue.lua');
    writeFileSync(script, `
local bodies = {}
for i, service in ipairs({ "cash", "loan", "corporate" }) do
  bodies[i] = '{"service":"' .. service .. '","kioskKey":"${kioskKey}"}'
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[n % 3 + 1])
end
done = function(summary, latency)
  io.write(string.format("WRK %d %d %d %.3f %.3f %.3f %.3f\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end`);
    const wrk = (seconds: number) => spawnSync('wrk', ['-t1', `-c${CLIENTS}`, `-d${seconds}s`, '-s', script, `${base}api/queue.issue`], { encoding: 'utf8' }).stdout;
    // Three services of 9,999 numbers hold a one-second warm-up and three measured seconds at this host's rate.
    wrk(1);
    const m = /WRK (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(wrk(3));
    if (!m) throw new Error('wrk printed no summary');
    const [requests, errors, durationUs, p50, p95, p99, max] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    console.log(`\n${`ticket issue, ${CLIENTS} connections, wrk (native)`.padEnd(44)} p50 ${p50.toFixed(1)} ms · p95 ${p95.toFixed(1)} ms · p99 ${p99.toFixed(1)} ms · max ${max.toFixed(1)} ms (n=${requests}, ${errors} errors) · target 50 ms → ${p95 < 50 && errors === 0 ? 'MET' : 'MISSED'} (p95/target ${(p95 / 50).toFixed(2)})`);
    console.log(`  throughput: ${Math.round(requests / (durationUs / 1e6))} tickets/s — the host alone, the client costing little CPU`);
  }
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

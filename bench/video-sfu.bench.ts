// 视频面签 SFU bench, against one `jingwei media` (the shipped server and mediasoup 3.19.3 worker):
//  1. Join time as the customer feels it: opening the one-time link on the phone page → first frame of the customer
//     manager's video (VIDEO_BENCH_JOINS real two-page sessions, one after another, 640×480 fake cameras).
//  2. Load: VIDEO_BENCH_SESSIONS concurrent two-party sessions (default 20) — audio + 3-layer simulcast video both
//     ways — from light headless clients: the shipped client code (renderer/video/media-session.ts) run many times in
//     two Chromium pages (desk side, phone side; bench/support/video-load-client.ts), sending clones of one small
//     fake camera (Chromium sends one simulcast layer for 320×240, two for 640×480; the layers carried are printed). The worker's (and the Node signalling process's) CPU time and RSS are sampled idle, with 1 session
//     and with all of them, side by side in the same run.
//
//   npx tsx bench/video-sfu.bench.ts     (VIDEO_BENCH_SESSIONS=20 VIDEO_BENCH_JOINS=3 VIDEO_BENCH_SECONDS=10
//                                          VIDEO_BENCH_SIZE=320x240: the load clients' camera)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, devices, type Browser, type Page } from '@playwright/test';
import { startMediaServer, type MediaServerProcess } from '../tests/e2e/support/media-server';

const SESSIONS = Number(process.env.VIDEO_BENCH_SESSIONS ?? 20);
const JOINS = Number(process.env.VIDEO_BENCH_JOINS ?? 3);
const SECONDS = Number(process.env.VIDEO_BENCH_SECONDS ?? 10);
const [W, H] = (process.env.VIDEO_BENCH_SIZE ?? '320x240').split('x').map(Number);
const SIZE = { width: W!, height: H! };
const TICK = 100; // USER_HZ on Linux

function workerPid(server: MediaServerProcess): number {
  return Number(execFileSync('pgrep', ['-P', String(server.pid), '-f', 'mediasoup-worker']).toString().trim().split('\n')[0]);
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

interface Sample { workerCpu: number; workerRss: number; serverCpu: number; serverRss: number; load: number }

/** CPU as % of one core over SECONDS, and RSS at the end, of the worker and of the Node process around it. */
async function sample(server: MediaServerProcess, worker: number): Promise<Sample> {
  const w0 = cpuSeconds(worker);
  const s0 = cpuSeconds(server.pid);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  return {
    workerCpu: ((cpuSeconds(worker) - w0) / SECONDS) * 100,
    workerRss: rssMb(worker),
    serverCpu: ((cpuSeconds(server.pid) - s0) / SECONDS) * 100,
    serverRss: rssMb(server.pid),
    load: loadavg()[0]!,
  };
}

const progress = (what: string) => console.error(`[video-sfu] ${new Date().toISOString().slice(11, 19)} ${what}`);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One real session in two pages; join time = phone page's navigation start → first remote video frame. */
async function joinTime(browser: Browser, server: MediaServerProcess, n: number): Promise<number> {
  const room = await server.openRoom(`BENCH-JOIN-${n}`);
  const deskContext = await browser.newContext();
  const phoneContext = await browser.newContext({ ...devices['Pixel 7'] });
  try {
    await (await deskContext.newPage()).goto(server.joinUrl(room.manager.token));
    const phone = await phoneContext.newPage();
    await phone.goto(server.joinUrl(room.customer.token));
    const remote = phone.getByTestId('remote-video');
    await remote.and(phone.locator('[data-first-frame-ms]')).waitFor({ timeout: 180_000 });
    return Number(await remote.getAttribute('data-first-frame-ms'));
  } finally {
    await deskContext.close();
    await phoneContext.close();
  }
}

async function loadPage(browser: Browser, server: MediaServerProcess, script: string): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/media/join`); // the media server's own origin; no token, so its own script stops
  await page.addScriptTag({ content: script, type: 'module' });
  await page.waitForFunction(() => 'jingweiLoad' in globalThis);
  return page;
}

type LoadWindow = {
  jingweiLoad: {
    join(t: string[], v: { width: number; height: number }): Promise<void>;
    frames(): Promise<number[]>;
    heights(): Promise<{ sent: number; received: number }[]>;
  };
};
const heights = (page: Page) => page.evaluate(() => (globalThis as unknown as LoadWindow).jingweiLoad.heights());
const joinAll = (page: Page, tokens: string[]) =>
  page.evaluate((t) => (globalThis as unknown as LoadWindow).jingweiLoad.join(t.tokens, t.size), { tokens, size: SIZE });
const frames = (page: Page) => page.evaluate(() => (globalThis as unknown as LoadWindow).jingweiLoad.frames());

async function allFlowing(desk: Page, phone: Page, count: number): Promise<number> {
  let flowing = 0;
  for (let i = 0; i < 120; i++) {
    const both = [await frames(desk), await frames(phone)];
    flowing = both[0]!.filter((f, k) => f > 0 && (both[1]![k] ?? 0) > 0).length;
    if (flowing >= count) break;
    await wait(1000);
  }
  return flowing;
}

async function main() {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'support/video-load-client.ts')],
    bundle: true, format: 'esm', platform: 'browser', target: 'chrome110', write: false, logLevel: 'warning',
  });
  const script = bundle.outputFiles[0]!.text;
  // Every session's room texts a signing code: the one branch key of the bench opens more rooms than a branch would.
  const server = await startMediaServer(undefined, JOINS + SESSIONS + 10);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const worker = workerPid(server);
    const joins: number[] = [];
    for (let n = 0; n < JOINS; n++) {
      joins.push(await joinTime(browser, server, n));
      progress(`join ${n + 1}/${JOINS}: ${joins.at(-1)} ms`);
    }
    await wait(3000); // closed rooms' transports wind down before the idle sample

    const idle = await sample(server, worker);
    const desk = await loadPage(browser, server, script);
    const phone = await loadPage(browser, server, script);
    // Both sides of a session join together, and tokens are made just before (they expire after 15 min).
    const joinSessions = async (from: number, to: number) => {
      const rooms = await Promise.all(Array.from({ length: to - from }, (_, n) => server.openRoom(`BENCH-LOAD-${from + n}`)));
      await Promise.all([joinAll(desk, rooms.map((r) => r.manager.token)), joinAll(phone, rooms.map((r) => r.customer.token))]);
    };
    await joinSessions(0, 1);
    const oneFlowing = await allFlowing(desk, phone, 1);
    progress(`1 load session flowing: ${oneFlowing}`);
    const one = await sample(server, worker);
    for (let n = 1; n < SESSIONS; n += 5) await joinSessions(n, Math.min(SESSIONS, n + 5));
    progress(`${SESSIONS} load sessions joined`);
    const flowing = await allFlowing(desk, phone, SESSIONS);
    progress(`${flowing}/${SESSIONS} flowing both ways`);
    const all = await sample(server, worker);
    const stillFlowing = await allFlowing(desk, phone, SESSIONS);
    const carried = [...(await heights(desk)), ...(await heights(phone))];
    const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}p`;

    joins.sort((a, b) => a - b);
    const f1 = (x: number) => x.toFixed(1);
    const per = (x: number, base: number) => ((x - base) / SESSIONS).toFixed(2);
    console.log(`video-sfu bench · load average ${loadavg().map(f1).join(' ')} (2 cores shared) · ${SECONDS} s samples`);
    console.log(`join time, link opened on the phone page → first remote frame (${JOINS} sessions, 640×480): ` +
      `first ${joins[0]} ms, median ${joins[Math.floor(joins.length / 2)]} ms, max ${joins.at(-1)} ms`);
    console.log(`load: ${SESSIONS} concurrent sessions, audio + simulcast video both ways from a ${SIZE.width}×${SIZE.height} ` +
      `fake camera (top layer sent ${range(carried.map((c) => c.sent))}, received ${range(carried.map((c) => c.received))}; ` +
      `Chromium sends fewer simulcast layers for small sources); light clients: the shipped client code, ${SESSIONS} sessions ` +
      `per Chromium page; frames decoded on both sides: ${oneFlowing}/1 with one session, ${flowing}/${SESSIONS} before ` +
      `and ${stillFlowing}/${SESSIONS} after the ${SESSIONS}-session sample`);
    console.table({
      'mediasoup worker CPU, % of a core': { idle: f1(idle.workerCpu), '1 session': f1(one.workerCpu), [`${SESSIONS} sessions`]: f1(all.workerCpu), 'per session (N − idle)/N': per(all.workerCpu, idle.workerCpu), 'ratio N-per-session / 1 session': ((all.workerCpu - idle.workerCpu) / SESSIONS / Math.max(0.01, one.workerCpu - idle.workerCpu)).toFixed(2) },
      'mediasoup worker RSS, MB': { idle: f1(idle.workerRss), '1 session': f1(one.workerRss), [`${SESSIONS} sessions`]: f1(all.workerRss), 'per session (N − idle)/N': per(all.workerRss, idle.workerRss), 'ratio N-per-session / 1 session': '' },
      'jingwei media (Node) CPU, %': { idle: f1(idle.serverCpu), '1 session': f1(one.serverCpu), [`${SESSIONS} sessions`]: f1(all.serverCpu), 'per session (N − idle)/N': per(all.serverCpu, idle.serverCpu), 'ratio N-per-session / 1 session': '' },
      'jingwei media (Node) RSS, MB': { idle: f1(idle.serverRss), '1 session': f1(one.serverRss), [`${SESSIONS} sessions`]: f1(all.serverRss), 'per session (N − idle)/N': per(all.serverRss, idle.serverRss), 'ratio N-per-session / 1 session': '' },
      'load average (1 min) at the sample': { idle: f1(idle.load), '1 session': f1(one.load), [`${SESSIONS} sessions`]: f1(all.load), 'per session (N − idle)/N': '', 'ratio N-per-session / 1 session': '' },
    });
    if (flowing < SESSIONS) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();

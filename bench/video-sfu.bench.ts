// 视频面签 SFU bench: join time (opening the link → first frame of the other side) and one `jingwei media` with N
// concurrent two-party sessions (default 20) from headless Chromium clients with fake cameras: the mediasoup worker's
// CPU and memory per session, against the same server idle and with one session (baseline, side by side).
//
//   npx tsx bench/video-sfu.bench.ts            (VIDEO_BENCH_SESSIONS=20, VIDEO_BENCH_SECONDS=10)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, devices, type Browser, type Page } from '@playwright/test';
import { startMediaServer, type MediaServerProcess } from '../tests/e2e/support/media-server';

const SESSIONS = Number(process.env.VIDEO_BENCH_SESSIONS ?? 20);
const SECONDS = Number(process.env.VIDEO_BENCH_SECONDS ?? 10);
const TICK = 100; // USER_HZ on Linux

function workerPid(server: MediaServerProcess): number {
  const pid = execFileSync('pgrep', ['-P', String(server.pid), '-f', 'mediasoup-worker']).toString().trim().split('\n')[0];
  return Number(pid);
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function measure(pid: number): Promise<{ cpuPercent: number; rssMb: number }> {
  const t0 = cpuTicks(pid);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  return { cpuPercent: ((cpuTicks(pid) - t0) / TICK / SECONDS) * 100, rssMb: rssMb(pid) };
}

const decoded = (page: Page) => page.getByTestId('link-quality').evaluate((el) => Number((el as HTMLElement).dataset.framesDecoded ?? 0));

async function session(browser: Browser, server: MediaServerProcess, n: number): Promise<{ pages: Page[]; joinMs: number }> {
  const room = await server.openRoom(`BENCH-${n}`);
  const desk = await (await browser.newContext()).newPage();
  await desk.goto(server.joinUrl(room.manager.token));
  const phone = await (await browser.newContext({ ...devices['Pixel 7'] })).newPage();
  await phone.goto(server.joinUrl(room.customer.token));
  const remote = phone.getByTestId('remote-video');
  await remote.and(phone.locator('[data-first-frame-ms]')).waitFor({ timeout: 120_000 });
  const joinMs = Number(await remote.getAttribute('data-first-frame-ms'));
  for (const p of [desk, phone]) {
    for (let i = 0; i < 240 && (await decoded(p)) === 0; i++) await new Promise((r) => setTimeout(r, 500));
  }
  return { pages: [desk, phone], joinMs };
}

async function main() {
  const server = await startMediaServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const pid = workerPid(server);
    const idle = await measure(pid);
    const first = await session(browser, server, 0);
    const one = await measure(pid);
    const joins = [first.joinMs];
    for (let n = 1; n < SESSIONS; n++) joins.push((await session(browser, server, n)).joinMs);
    const all = await measure(pid);
    joins.sort((a, b) => a - b);
    const perSession = (x: number, base: number) => ((x - base) / SESSIONS).toFixed(2);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} · ${SESSIONS} sessions · ${SECONDS} s samples`);
    console.table({
      'join time (link → first remote frame), ms': { first: first.joinMs, median: joins[Math.floor(joins.length / 2)], max: joins.at(-1) },
      'worker CPU %': { idle: idle.cpuPercent.toFixed(1), '1 session': one.cpuPercent.toFixed(1), [`${SESSIONS} sessions`]: all.cpuPercent.toFixed(1), 'per session': perSession(all.cpuPercent, idle.cpuPercent) },
      'worker RSS MB': { idle: idle.rssMb.toFixed(1), '1 session': one.rssMb.toFixed(1), [`${SESSIONS} sessions`]: all.rssMb.toFixed(1), 'per session': perSession(all.rssMb, idle.rssMb) },
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();

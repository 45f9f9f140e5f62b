import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { startLinkSim } from './link-sim';
import type { LinkSim } from './link-sim';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** An echo-ish HTTP server: answers POST with the body length and GET /blob with N bytes. */
async function origin(): Promise<{ port: number }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
      res.end('x'.repeat(n));
      return;
    }
    let len = 0;
    req.on('data', (c: Buffer) => (len += c.length));
    req.on('end', () => res.end(String(len)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => (server as Server).close(() => r())));
  return { port: (server.address() as AddressInfo).port };
}

async function sim(opts: Parameters<typeof startLinkSim>[0]): Promise<LinkSim> {
  const s = await startLinkSim(opts);
  cleanup.push(() => s.close());
  return s;
}

describe('link simulator', () => {
  it('delivers every byte in order while the machine stalls it (a busy event loop)', async () => {
    const server = createServer((req, res) => {
      const hash = createHash('sha256');
      req.on('data', (c: Buffer) => hash.update(new Uint8Array(c)));
      req.on('end', () => res.end(hash.digest('hex')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    const link = await sim({ target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, bandwidthBps: 4_000_000, latencyMs: 3 });
    // The event loop held for 15–40 ms every 20 ms, as on a machine with many jobs.
    const stall = setInterval(() => {
      const until = performance.now() + 15 + Math.random() * 25;
      while (performance.now() < until);
    }, 20);
    try {
      const body = randomBytes(200_000);
      const res = await fetch(`${link.url}/upload`, { method: 'POST', body: new Uint8Array(body) });
      expect(await res.text()).toBe(createHash('sha256').update(new Uint8Array(body)).digest('hex'));
    } finally {
      clearInterval(stall);
    }
  });

  it('keeps its rate while the machine stalls it: a late timer is made up, not lost', async () => {
    const { port } = await origin();
    const link = await sim({ target: { host: '127.0.0.1', port }, bandwidthBps: 400_000 });
    // The event loop held for 10–30 ms every 20 ms, as on a machine with many jobs: each timer fires late.
    const stall = setInterval(() => {
      const until = performance.now() + 10 + Math.random() * 20;
      while (performance.now() < until);
    }, 20);
    try {
      const t0 = performance.now();
      const res = await fetch(`${link.url}/up`, { method: 'POST', body: 'z'.repeat(100_000), headers: { connection: 'close' } });
      expect(await res.text()).toBe('100000');
      // 100 kB at 400 kbit/s is two seconds on a real line, however busy the PCs at either end are.
      expect(performance.now() - t0).toBeLessThan(2500);
    } finally {
      clearInterval(stall);
    }
  });

  it('limits bandwidth in both directions and counts the bytes', async () => {
    const { port } = await origin();
    const link = await sim({ target: { host: '127.0.0.1', port }, bandwidthBps: 400_000 });
    const body = 'y'.repeat(50_000);
    const t0 = Date.now();
    const res = await fetch(`${link.url}/up`, { method: 'POST', body, headers: { connection: 'close' } });
    expect(await res.text()).toBe('50000');
    const upMs = Date.now() - t0;
    // 50 kB at 400 kbit/s is one second; allow scheduling slack but not a free ride.
    expect(upMs).toBeGreaterThan(900);
    expect(upMs).toBeLessThan(4000);
    const t1 = Date.now();
    expect((await (await fetch(`${link.url}/blob?n=50000`, { headers: { connection: 'close' } })).text()).length).toBe(50_000);
    expect(Date.now() - t1).toBeGreaterThan(900);
    const stats = link.stats();
    expect(stats.upBytes).toBeGreaterThan(50_000);
    expect(stats.upBytes).toBeLessThan(51_000);
    expect(stats.downBytes).toBeGreaterThan(50_000);
  });

  it('adds latency to every round trip', async () => {
    const { port } = await origin();
    const link = await sim({ target: { host: '127.0.0.1', port }, latencyMs: 150 });
    const t0 = Date.now();
    await (await fetch(`${link.url}/blob?n=10`)).text();
    // TCP connect is local to the proxy, so one request costs one round trip: 2 × 150 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('cuts open connections on schedule and refuses during the outage', async () => {
    const { port } = await origin();
    const link = await sim({ target: { host: '127.0.0.1', port }, bandwidthBps: 80_000, cutEveryMs: 400, outageMs: 200 });
    // 20 kB at 80 kbit/s takes 2 s: it cannot finish before a cut.
    await expect(fetch(`${link.url}/blob?n=20000`).then((r) => r.text())).rejects.toThrow();
    expect(link.stats().cuts).toBeGreaterThanOrEqual(1);
  });

  it('shares the line fairly so a small request is not stuck behind a big one', async () => {
    const { port } = await origin();
    const link = await sim({ target: { host: '127.0.0.1', port }, bandwidthBps: 200_000 });
    const big = fetch(`${link.url}/up`, { method: 'POST', body: 'b'.repeat(100_000) }).then(() => Date.now());
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const small = await fetch(`${link.url}/up`, { method: 'POST', body: 's'.repeat(2_000) }).then(() => Date.now());
    // Alone the big upload needs 4 s; the small one gets through in a fraction of that.
    expect(small - t0).toBeLessThan(1000);
    expect(await big).toBeGreaterThan(small);
  });
});

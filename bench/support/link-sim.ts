import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LinkSimOptions {
  /** Where the far end listens (the sync server). */
  target: { host: string; port: number };
  /** Link capacity in bits per second, each direction (a village DSL line is symmetric enough). 0 = unlimited. */
  bandwidthBps?: number;
  /** One-way delay; the round trip is twice this. */
  latencyMs?: number;
  /** Every N ms every open connection is cut, as when the line drops. 0 = never. */
  cutEveryMs?: number;
  /** After a cut the line stays down this long: new connections are reset. */
  outageMs?: number;
}

export interface LinkStats {
  /** Bytes that crossed the simulated line client → server, including ones later lost to a cut. */
  upBytes: number;
  downBytes: number;
  cuts: number;
  connections: number;
}

export interface LinkSim {
  url: string;
  port: number;
  stats(): LinkStats;
  /** Drops every connection now, as a scheduled cut would. */
  cut(): void;
  /** The line's capacity changes from now on (a village line when the neighbours come home), each direction. */
  setBandwidth(bps: number): void;
  close(): Promise<void>;
}

// A TCP segment's worth: small enough that connections interleave on the line like real flows do.
const PACKET = 1460;
// Per-connection queue above which the sender is paused, standing in for TCP's receive window.
const WINDOW = 64 * 1024;

interface Flow {
  queue: Buffer[];
  /** When each queued chunk reached the sender's side of the line (performance.now() time). */
  queuedAt: number[];
  queued: number;
  /** Taken off the queue but not yet written to the far side (serialising or in the latency delay). */
  inFlight: number;
  /** Packets on the line in order, each with the time it reaches the far side. */
  arriving: { at: number; piece: Buffer }[];
  arrivalTimer: NodeJS.Timeout | null;
  src: Socket;
  dst: Socket;
  alive: () => boolean;
}

/**
 * One direction of the line. Connections share it round-robin packet by packet, so a big upload cannot hold a
 * small request back for longer than a fair share — the way TCP flows share a real bottleneck.
 */
class Direction {
  private readonly flows: Flow[] = [];
  private next = 0;
  private busy = false;
  /** When the line finishes the packet it is sending (performance.now() time). */
  private freeAt = 0;
  bytes = 0;

  constructor(
    public bps: number,
    private readonly latencyMs: number,
  ) {}

  push(flow: Flow, chunk: Buffer): void {
    if (!this.flows.includes(flow)) this.flows.push(flow);
    flow.queue.push(chunk);
    flow.queuedAt.push(performance.now());
    flow.queued += chunk.length;
    if (flow.queued > WINDOW) flow.src.pause();
    this.pump();
  }

  drop(flow: Flow): void {
    const i = this.flows.indexOf(flow);
    if (i >= 0) this.flows.splice(i, 1);
    flow.queue = [];
    flow.queuedAt = [];
    flow.queued = 0;
    if (flow.arrivalTimer) clearTimeout(flow.arrivalTimer);
    flow.arrivalTimer = null;
    flow.arriving = [];
  }

  private take(): { flow: Flow; piece: Buffer; readyAt: number } | null {
    for (let n = 0; n < this.flows.length; n++) {
      const idx = (this.next + n) % this.flows.length;
      const flow = this.flows[idx];
      if (!flow || flow.queued === 0) continue;
      this.next = idx + 1;
      const head = flow.queue[0] as Buffer;
      const readyAt = flow.queuedAt[0] as number;
      const piece = head.subarray(0, PACKET);
      if (piece.length === head.length) {
        flow.queue.shift();
        flow.queuedAt.shift();
      } else flow.queue[0] = head.subarray(PACKET);
      flow.queued -= piece.length;
      flow.inFlight++;
      if (flow.queued <= WINDOW / 2 && flow.src.isPaused()) flow.src.resume();
      return { flow, piece, readyAt };
    }
    return null;
  }

  /**
   * Puts packets on the line at exactly its rate. The line keeps its own clock (`freeAt`: when the packet being
   * serialised is through), and a packet starts when the line is free or when its bytes reached the line, whichever
   * is later — not when this process got round to it. So a timer that fires late (a busy machine) is made up by
   * sending the packets whose time has come at once, instead of stretching every packet and silently slowing the
   * line down.
   */
  private pump(): void {
    if (this.busy) return;
    for (;;) {
      const now = performance.now();
      if (this.bps > 0 && this.freeAt > now + 1) {
        this.busy = true;
        setTimeout(() => {
          this.busy = false;
          this.pump();
        }, this.freeAt - now);
        return;
      }
      const next = this.take();
      if (!next) return;
      const { flow, piece, readyAt } = next;
      this.bytes += piece.length;
      const sentAt = this.bps > 0 ? Math.max(readyAt, this.freeAt) + (piece.length * 8 * 1000) / this.bps : now;
      this.freeAt = sentAt;
      flow.arriving.push({ at: sentAt + this.latencyMs, piece });
      arrive(flow);
      if (this.bps <= 0) {
        setImmediate(() => this.pump());
        return;
      }
    }
  }
}

/**
 * Writes a flow's packets whose time has come to the far side, strictly in order. (A timer per packet did not keep
 * that order on a busy machine: a late pump delivered a later packet at once while an earlier one's timer was still
 * pending, and the server received a body of the right length with its bytes swapped.)
 */
function arrive(flow: Flow): void {
  if (flow.arrivalTimer) return;
  const now = performance.now();
  while (flow.arriving.length && flow.arriving[0]!.at <= now) {
    const { piece } = flow.arriving.shift()!;
    flow.inFlight--;
    if (flow.alive()) flow.dst.write(new Uint8Array(piece.buffer, piece.byteOffset, piece.length));
  }
  if (!flow.arriving.length) return;
  flow.arrivalTimer = setTimeout(() => {
    flow.arrivalTimer = null;
    arrive(flow);
  }, flow.arriving[0]!.at - now);
}

/** A user-space weak line on loopback: bandwidth limit, latency and periodic cuts, counting bytes each way. */
export async function startLinkSim(opts: LinkSimOptions): Promise<LinkSim> {
  const up = new Direction(opts.bandwidthBps ?? 0, opts.latencyMs ?? 0);
  const down = new Direction(opts.bandwidthBps ?? 0, opts.latencyMs ?? 0);
  const open = new Set<() => void>();
  let cuts = 0;
  let connections = 0;
  let downUntil = 0;

  const server: Server = createServer((client) => {
    if (Date.now() < downUntil) {
      client.resetAndDestroy();
      return;
    }
    connections++;
    let alive = true;
    const upstream = connect(opts.target.port, opts.target.host);
    const upFlow: Flow = { queue: [], queuedAt: [], queued: 0, inFlight: 0, arriving: [], arrivalTimer: null, src: client, dst: upstream, alive: () => alive };
    const downFlow: Flow = { queue: [], queuedAt: [], queued: 0, inFlight: 0, arriving: [], arrivalTimer: null, src: upstream, dst: client, alive: () => alive };
    const kill = () => {
      if (!alive) return;
      alive = false;
      open.delete(kill);
      up.drop(upFlow);
      down.drop(downFlow);
      client.destroy();
      upstream.destroy();
    };
    open.add(kill);
    client.on('data', (c: Buffer) => up.push(upFlow, c));
    // Opening a TCP connection costs a round trip on the real line before the first byte can follow.
    if (opts.latencyMs) {
      client.pause();
      setTimeout(() => alive && client.resume(), 2 * opts.latencyMs);
    }
    upstream.on('data', (c: Buffer) => down.push(downFlow, c));
    // A half-close is forwarded only after the queued bytes have crossed the line.
    client.on('end', () => waitEmpty(upFlow, () => upstream.end()));
    upstream.on('end', () => waitEmpty(downFlow, () => client.end()));
    // A socket that closes cleanly may still have bytes queued towards the other side; those cross first.
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', (hadError) => (hadError ? kill() : waitEmpty(upFlow, kill)));
    upstream.on('close', (hadError) => (hadError ? kill() : waitEmpty(downFlow, kill)));
  });

  function waitEmpty(flow: Flow, then: () => void) {
    const check = () => {
      if (!flow.alive()) return;
      if (flow.queued === 0 && flow.inFlight === 0) then();
      else setTimeout(check, 5);
    };
    check();
  }

  const cut = () => {
    cuts++;
    downUntil = Date.now() + (opts.outageMs ?? 0);
    for (const kill of [...open]) kill();
  };
  const timer = opts.cutEveryMs ? setInterval(cut, opts.cutEveryMs) : null;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ upBytes: up.bytes, downBytes: down.bytes, cuts, connections }),
    cut,
    setBandwidth(bps) {
      up.bps = bps;
      down.bps = bps;
    },
    async close() {
      if (timer) clearInterval(timer);
      for (const kill of [...open]) kill();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

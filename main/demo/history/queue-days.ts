import type { HistoryContext } from './context';
import { between, pick, skewed, streamFor } from './context';
import type { HistoryStep } from './index';

// Arrivals per half hour from 08:30 to 17:00: a morning rush, a lull at lunch, a smaller peak before closing.
const ARRIVAL_PROFILE = [3, 4, 4, 3, 3, 2, 2, 1, 1, 1, 2, 3, 3, 2, 2, 2, 1];
const OPEN = 8 * 60 + 30;
const CLOSE = 17 * 60;
// Which service a walk-in wants, and its typical time at the counter (seconds).
const SERVICES = [
  { code: 'cash', share: 0.66, serviceSec: 260 },
  { code: 'corporate', share: 0.14, serviceSec: 620 },
  { code: 'loan', share: 0.2, serviceSec: 840 },
] as const;
// Who sits at which counter.
const STAFF: Record<number, string> = { 1: 'T001', 2: 'T002', 3: 'T001', 4: 'T002' };

type Event =
  | { t: number; kind: 'arrive'; service: string }
  | { t: number; kind: 'free' | 'start' | 'finish' | 'recall' | 'noShow'; counter: number };

/**
 * Queue days: tickets taken through the morning and afternoon, called, served and finished at the counters, a
 * few customers who did not come when called. Events run in time order, so every ticket, call and audit entry is
 * written in the order it happened. Waits and service times are what the statistics then show.
 */
export const queueHistory: HistoryStep = {
  name: 'queue',
  async run(ctx: HistoryContext, seed: number) {
    const rnd = streamFor(seed, 'queue');
    for (const [i, day] of ctx.days.entries()) {
      // Counter 4 opens on busier days only.
      const busy = rnd() < 0.4;
      const counters = busy ? [1, 2, 3, 4] : [1, 2, 3];
      const events: Event[] = counters.map((counter) => ({ t: OPEN + between(rnd, 0, 8), kind: 'free' as const, counter }));
      ARRIVAL_PROFILE.forEach((mean, slot) => {
        const n = Math.max(0, Math.round(mean * (0.6 + rnd() * 0.8) * (busy ? 1.3 : 1)));
        for (let k = 0; k < n; k++) {
          const r = rnd();
          let acc = 0;
          const s = SERVICES.find((x) => (acc += x.share) >= r) ?? SERVICES[0];
          events.push({ t: OPEN + slot * 30 + rnd() * 30, kind: 'arrive', service: s.code });
        }
      });
      const idle = new Set<number>();
      // The typical time of the service each counter is serving now.
      const serviceOf = new Map<number, number>();
      let writes = 0;
      const at = (t: number) => ctx.at(day, t);
      const push = (e: Event) => events.push(e);

      while (events.length) {
        events.sort((a, b) => a.t - b.t);
        const e = events.shift()!;
        if (e.kind === 'arrive') {
          await ctx.call('queue.issue', { service: e.service }, 'T001', at(e.t));
          writes++;
          // Counters with nobody to serve look up when someone takes a ticket.
          for (const c of idle) push({ t: e.t + 0.05, kind: 'free', counter: c });
          idle.clear();
          continue;
        }
        const staff = STAFF[e.counter]!;
        const args = { counter: e.counter };
        if (e.kind === 'free') {
          if (e.t > CLOSE + 30) continue;
          const called = await ctx.attempt('queue.callNext', args, staff, at(e.t));
          if (!called) {
            idle.add(e.counter);
            continue;
          }
          writes += 2;
          if (rnd() < 0.04) push({ t: e.t + 1.5, kind: 'recall', counter: e.counter });
          else push({ t: e.t + 0.3 + rnd() * 0.9, kind: 'start', counter: e.counter });
          const service = SERVICES.find((s) => s.code === called.service) ?? SERVICES[0];
          serviceOf.set(e.counter, service.serviceSec);
        } else if (e.kind === 'start') {
          await ctx.call('queue.start', args, staff, at(e.t));
          push({ t: e.t + Math.max(60, skewed(rnd, serviceOf.get(e.counter) ?? 300)) / 60, kind: 'finish', counter: e.counter });
        } else if (e.kind === 'finish') {
          await ctx.call('queue.finish', args, staff, at(e.t));
          push({ t: e.t + pick(rnd, [0.2, 0.4, 0.6, 1]), kind: 'free', counter: e.counter });
        } else if (e.kind === 'recall') {
          // Called twice, never came.
          await ctx.call('queue.recall', args, staff, at(e.t));
          push({ t: e.t + 1.5, kind: 'noShow', counter: e.counter });
        } else {
          await ctx.call('queue.noShow', args, staff, at(e.t));
          push({ t: e.t + 0.2, kind: 'free', counter: e.counter });
        }
      }
      ctx.written.set(day, (ctx.written.get(day) ?? 0) + writes);
      if ((i + 1) % 10 === 0) ctx.log(`  叫号 queue: ${i + 1}/${ctx.days.length} 天 days`);
    }
  },
};

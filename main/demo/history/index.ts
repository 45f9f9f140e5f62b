import { addDays, branchDay } from '../../../domain/time/branch-time';
import type { ApiArgs, ApiResult, MethodName } from '../../core/api/contract';
import type { Core } from '../../core/core';
import { applicationsHistory } from './applications';
import type { HistoryContext } from './context';
import type { DemoPerson } from '../seed';
import { queueHistory } from './queue-days';
import { syncHistory } from './syncs';

export interface HistoryStep {
  name: string;
  run(ctx: HistoryContext, seed: number): Promise<void>;
}

/**
 * The demo's past, in order: queue days, loan applications with their real steps, the end-of-day syncs that sent
 * them. Append a step here to grow the history (loan performance, deposits): each step has its own random stream
 * (context.ts `streamFor`), so the others stay as they were.
 */
export const HISTORY_STEPS: HistoryStep[] = [queueHistory, applicationsHistory, syncHistory];

export interface HistoryOptions {
  /** Calendar days back from today (business days only are filled). */
  days: number;
  password: string;
  /** The individual customers already on file, who come back for loans. */
  customers: DemoPerson[];
  seed?: number;
  /** The branch's today; the history ends the business day before it. */
  now?: Date;
  timeZone?: string;
  utcOffsetMinutes?: number;
  log?: (msg: string) => void;
}

/**
 * Months of ordinary branch life written through the same API calls the screens make, each at its past instant,
 * so every screen opens with believable figures: waits and service times, step durations, daily syncs.
 */
export async function seedDemoHistory(core: Core, opts: HistoryOptions): Promise<void> {
  if (opts.days <= 0) return;
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const tz = opts.timeZone ?? 'Asia/Shanghai';
  const offset = opts.utcOffsetMinutes ?? 480;
  const today = branchDay(now, tz);
  const days: string[] = [];
  for (let d = addDays(today, -opts.days); d < today; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }

  const tokens = new Map<string, string>();
  for (const staffNo of ['T001', 'T002', 'M001', 'M002', 'H001']) {
    const r = await core.call({ method: 'session.login', args: { staffNo, password: opts.password } });
    if (!r.ok) throw new Error(`demo history login ${staffNo}: ${r.error.message}`);
    tokens.set(staffNo, (r.value as { token: string }).token);
  }
  const raw = <M extends MethodName>(method: M, args: ApiArgs<M>, staffNo: string | null, at: Date) =>
    core.callAsOf({ method, args, token: staffNo ? tokens.get(staffNo) : undefined }, at);
  const ctx: HistoryContext = {
    core,
    now,
    days,
    customers: opts.customers,
    password: opts.password,
    at: (day, minute) => new Date(Date.parse(`${day}T00:00:00Z`) + (minute - offset) * 60_000),
    token: (staffNo) => tokens.get(staffNo)!,
    async call(method, args, staffNo, at) {
      const r = await raw(method, args, staffNo, at);
      if (!r.ok) throw new Error(`demo history ${method} at ${at.toISOString()}: ${r.error.message}`);
      return r.value as ApiResult<typeof method>;
    },
    async attempt(method, args, staffNo, at) {
      const r = await raw(method, args, staffNo, at);
      return r.ok ? (r.value as ApiResult<typeof method>) : null;
    },
    written: new Map(),
    log,
  };

  // A fresh demo database: an fsync per historical call would make the seed take minutes. Same transactions,
  // durable again (FULL) before the branch opens.
  core.store.sql.pragma('synchronous = OFF');
  try {
    for (const step of HISTORY_STEPS) {
      log(`演示历史 demo history: ${step.name}`);
      await step.run(ctx, opts.seed ?? 20260301);
    }
  } finally {
    core.store.sql.pragma('synchronous = FULL');
    for (const token of tokens.values()) await core.call({ method: 'session.logout', args: {}, token });
  }
}

import { mulberry32, type Rng } from '../../../domain/random';
import type { ApiArgs, ApiResult, MethodName } from '../../core/api/contract';
import type { Core } from '../../core/core';
import type { DemoPerson } from '../seed';

/** What every history step works with: the past business days, a random stream of its own, calls at past instants. */
export interface HistoryContext {
  core: Core;
  /** The real now: nothing in the history may happen after it. */
  now: Date;
  /** Individual customers on file (seedDemo's), who apply for loans. */
  customers: DemoPerson[];
  /** Business days (Monday–Friday) before today at the branch, oldest first, as YYYY-MM-DD. */
  days: string[];
  /** The instant of a local wall-clock time on a branch day: at('2026-03-02', 9 * 60 + 30) is 09:30 in 侯马. */
  at(day: string, minuteOfDay: number): Date;
  /** The demo staff's password: the branch head types it to authorise each disbursement (maker-checker). */
  password: string;
  /** A staff member's session token, logged in once (at the real time: sessions are not history). */
  token(staffNo: string): string;
  /** The API call as the screens make it, at a past instant; throws with the core's message when refused. */
  call<M extends MethodName>(method: M, args: ApiArgs<M>, staffNo: string | null, at: Date): Promise<ApiResult<M>>;
  /** Like `call`, but a refusal is an answer (the queue says nobody is waiting), not a failure of the seed. */
  attempt<M extends MethodName>(method: M, args: ApiArgs<M>, staffNo: string | null, at: Date): Promise<ApiResult<M> | null>;
  /** What a step did per day, for the steps after it (the end-of-day syncs count it). */
  written: Map<string, number>;
  log(message: string): void;
}

/**
 * A random stream per step, derived from the seed and the step's name: a step added later (loan performance, say)
 * draws its own numbers and leaves every other step's data exactly as it was.
 */
export function streamFor(seed: number, name: string): Rng {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return mulberry32(h);
}

/** Helpers for generated figures. */
export const between = (rnd: Rng, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
export const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
/** A duration around `typical` with the long right tail real service times have (log-normal, σ ≈ 0.45). */
export function skewed(rnd: Rng, typical: number): number {
  const u = Math.max(1e-9, rnd());
  const v = rnd();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(typical * Math.exp(0.45 * normal));
}
export const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

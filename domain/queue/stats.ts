import Papa from 'papaparse';
import type { PriorityKind } from './config';
import type { TicketState, VisitOutcome } from './ticket';

/** One visit as the statistics see it (times in epoch ms). */
export interface VisitRow {
  service: string;
  teller: string;
  counter: number;
  queuedAtMs: number;
  calledAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  outcome: VisitOutcome | null;
}

export interface TicketRow {
  number: string;
  service: string;
  priority: PriorityKind | null;
  state: TicketState;
  issuedAtMs: number;
  /** The first call, if any: the customer's real wait. */
  firstCalledAtMs: number | null;
  estimateSec: number | null;
  visits: VisitRow[];
}

export interface StatLine {
  key: string;
  tickets: number;
  served: number;
  noShows: number;
  transferred: number;
  avgWaitSec: number | null;
  p90WaitSec: number | null;
  avgServiceSec: number | null;
  p90ServiceSec: number | null;
}

export interface HourLine {
  hour: number;
  issued: number;
  called: number;
  avgWaitSec: number | null;
}

export interface EstimateError {
  samples: number;
  /** Mean of |actual − estimated| wait. */
  meanAbsErrorSec: number | null;
  p90AbsErrorSec: number | null;
  /** Mean of actual − estimated: positive means customers waited longer than the ticket said. */
  biasSec: number | null;
}

export interface QueueStats {
  total: StatLine;
  byService: StatLine[];
  byTeller: StatLine[];
  byHour: HourLine[];
  estimate: EstimateError;
}

/** Nearest-rank percentile (the value at rank ⌈p·n⌉), the usual definition for service-level reports. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const xs = values.slice().sort((a, b) => a - b);
  return xs[Math.min(xs.length, Math.max(1, Math.ceil(p * xs.length))) - 1]!;
}

const mean = (xs: readonly number[]) => (xs.length ? Math.round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
const sec = (ms: number) => Math.round(ms / 1000);

function line(key: string, visits: readonly VisitRow[], tickets: number): StatLine {
  const waits = visits.map((v) => sec(v.calledAtMs - v.queuedAtMs));
  const services = visits.filter((v) => v.outcome === 'done' || v.outcome === 'transferred')
    .map((v) => sec(v.endedAtMs! - (v.startedAtMs ?? v.calledAtMs)));
  return {
    key,
    tickets,
    served: visits.filter((v) => v.outcome === 'done').length,
    noShows: visits.filter((v) => v.outcome === 'no-show').length,
    transferred: visits.filter((v) => v.outcome === 'transferred').length,
    avgWaitSec: mean(waits),
    p90WaitSec: percentile(waits, 0.9),
    avgServiceSec: mean(services),
    p90ServiceSec: percentile(services, 0.9),
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/**
 * Wait is measured per visit (from entering the line to being called), service time per visit that ended at the
 * counter (from start — or the call when start was skipped — to the end). Tickets count under the service they
 * were issued for; tellers under the visits they called.
 */
export function computeQueueStats(tickets: readonly TicketRow[], utcOffsetMinutes: number): QueueStats {
  const visits = tickets.flatMap((t) => t.visits);
  const byServiceVisits = groupBy(visits, (v) => v.service);
  const issuedPerService = groupBy(tickets, (t) => t.service);
  const services = [...new Set([...issuedPerService.keys(), ...byServiceVisits.keys()])].sort();
  const byTellerVisits = groupBy(visits, (v) => v.teller);

  const hourOf = (ms: number) => new Date(ms + utcOffsetMinutes * 60_000).getUTCHours();
  const byHour: HourLine[] = [];
  const issuedByHour = groupBy(tickets, (t) => String(hourOf(t.issuedAtMs)));
  const calledByHour = groupBy(visits, (v) => String(hourOf(v.calledAtMs)));
  for (let h = 0; h < 24; h++) {
    const issued = issuedByHour.get(String(h)) ?? [];
    const called = calledByHour.get(String(h)) ?? [];
    if (!issued.length && !called.length) continue;
    byHour.push({ hour: h, issued: issued.length, called: called.length, avgWaitSec: mean(called.map((v) => sec(v.calledAtMs - v.queuedAtMs))) });
  }

  const errors = tickets
    .filter((t) => t.estimateSec !== null && t.firstCalledAtMs !== null)
    .map((t) => sec(t.firstCalledAtMs! - t.issuedAtMs) - t.estimateSec!);

  return {
    total: line('*', visits, tickets.length),
    byService: services.map((s) => line(s, byServiceVisits.get(s) ?? [], issuedPerService.get(s)?.length ?? 0)),
    byTeller: [...byTellerVisits.keys()].sort().map((k) => {
      const vs = byTellerVisits.get(k)!;
      return line(k, vs, vs.length);
    }),
    byHour,
    estimate: {
      samples: errors.length,
      meanAbsErrorSec: mean(errors.map(Math.abs)),
      p90AbsErrorSec: percentile(errors.map(Math.abs), 0.9),
      biasSec: mean(errors),
    },
  };
}

export interface CsvLabels {
  /** Column headings in the order: dimension, key, tickets, served, no-shows, transferred, avg wait, p90 wait, avg service, p90 service. */
  headings: string[];
  dimension: { total: string; service: string; teller: string; hour: string; estimate: string };
  estimate: { samples: string; meanAbs: string; p90Abs: string; bias: string };
  serviceName(code: string): string;
}

/** One CSV a spreadsheet opens directly: a row per service, per teller, per hour, plus the estimator's error. */
export function queueStatsCsv(stats: QueueStats, labels: CsvLabels): string {
  const row = (dim: string, name: string, l: StatLine) => [dim, name, l.tickets, l.served, l.noShows, l.transferred, l.avgWaitSec ?? '', l.p90WaitSec ?? '', l.avgServiceSec ?? '', l.p90ServiceSec ?? ''];
  const rows: (string | number)[][] = [
    row(labels.dimension.total, '', stats.total),
    ...stats.byService.map((l) => row(labels.dimension.service, labels.serviceName(l.key), l)),
    ...stats.byTeller.map((l) => row(labels.dimension.teller, l.key, l)),
    ...stats.byHour.map((h) => [labels.dimension.hour, `${String(h.hour).padStart(2, '0')}:00`, h.issued, '', '', '', h.avgWaitSec ?? '', '', '', '']),
    // The estimator's error has no natural place in the per-dimension columns: one row per figure, value third.
    ...([
      [labels.estimate.samples, stats.estimate.samples],
      [labels.estimate.meanAbs, stats.estimate.meanAbsErrorSec],
      [labels.estimate.p90Abs, stats.estimate.p90AbsErrorSec],
      [labels.estimate.bias, stats.estimate.biasSec],
    ] as const).map(([name, value]) => [labels.dimension.estimate, name, value ?? '', '', '', '', '', '', '', '']),
  ];
  return Papa.unparse({ fields: labels.headings, data: rows }, { newline: '\r\n' });
}

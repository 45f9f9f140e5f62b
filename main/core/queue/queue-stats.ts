import { computeQueueStats, queueStatsCsv, type TicketRow } from '../../../domain/queue/stats';
import { translate, type Lang } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { staffDocId } from '../../../domain/staff/staff-record';
import type { ConfigStore } from './queue-config-store';
import type { QueueStatsView } from './queue.contract';
import type { QueueQueries } from './queue.queries';

export interface StatsDeps {
  pouch: PouchDB.Database<object>;
  queries: QueueQueries;
  config: ConfigStore;
}

function statsRows(queries: QueueQueries, from: string, to: string): TicketRow[] {
  const visits = new Map<string, TicketRow['visits']>();
  for (const v of queries.visitsBetween(from, to)) {
    const list = visits.get(v.ticket_id) ?? [];
    list.push({
      service: v.service, teller: v.teller, counter: v.counter, queuedAtMs: Date.parse(v.queued_at), calledAtMs: Date.parse(v.called_at),
      startedAtMs: v.started_at ? Date.parse(v.started_at) : null, endedAtMs: v.ended_at ? Date.parse(v.ended_at) : null, outcome: v.outcome,
    });
    visits.set(v.ticket_id, list);
  }
  return queries.ticketsBetween(from, to).map((t) => {
    const vs = visits.get(t.id) ?? [];
    // The ticket's service at issue is the one of its first visit; a later transfer must not move it.
    return {
      number: t.number, service: vs[0]?.service ?? t.service, priority: t.priority, state: t.state,
      issuedAtMs: Date.parse(t.issued_at), firstCalledAtMs: vs[0]?.calledAtMs ?? null, estimateSec: t.estimate_sec, visits: vs,
    };
  });
}

async function tellerNames(pouch: PouchDB.Database<object>, staffNos: string[]): Promise<Record<string, string>> {
  if (!staffNos.length) return {};
  const res = await pouch.allDocs({ keys: staffNos.map(staffDocId), include_docs: true });
  const out: Record<string, string> = {};
  res.rows.forEach((r, i) => {
    const doc = 'doc' in r ? (r.doc as { name?: string } | null | undefined) : undefined;
    out[staffNos[i]!] = doc?.name ?? staffNos[i]!;
  });
  return out;
}

/** 叫号统计: waits and service times per service, teller and hour, and how far the estimates were off. */
export async function queueStats(deps: StatsDeps, from: string, to: string): Promise<QueueStatsView> {
  const config = await deps.config.load();
  if (from > to) throw apiError('VALIDATION', 'queue.error.badRange', { from, to });
  const s = computeQueueStats(statsRows(deps.queries, from, to), config.utcOffsetMinutes);
  return {
    ...s, from, to,
    serviceNames: Object.fromEntries(config.services.map((x) => [x.code, x.name])),
    tellerNames: await tellerNames(deps.pouch, s.byTeller.map((l) => l.key)),
  };
}

/** The same statistics as a CSV file Excel opens, headings in the chosen language. */
export async function queueStatsCsvFile(deps: StatsDeps, from: string, to: string, lang: Lang): Promise<{ filename: string; csv: string }> {
  const s = await queueStats(deps, from, to);
  const tr = (k: string) => translate(k, {}, lang);
  const csv = queueStatsCsv(s, {
    headings: ['dimension', 'name', 'tickets', 'served', 'noShows', 'transferred', 'avgWait', 'p90Wait', 'avgService', 'p90Service'].map((k) => tr(`queue.csv.${k}`)),
    dimension: { total: tr('queue.csv.total'), service: tr('queue.csv.service'), teller: tr('queue.csv.teller'), hour: tr('queue.csv.hour'), estimate: tr('queue.csv.estimate') },
    estimate: { samples: tr('queue.csv.samples'), meanAbs: tr('queue.csv.meanAbs'), p90Abs: tr('queue.csv.p90Abs'), bias: tr('queue.csv.bias') },
    serviceName: (code) => s.serviceNames[code] ?? code,
  });
  // Excel opens UTF-8 CSV correctly only with a byte-order mark.
  return { filename: `queue-stats-${from}_${to}.csv`, csv: `\ufeff${csv}` };
}

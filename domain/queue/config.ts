/**
 * What a branch's queue offers: the services on the kiosk (prefix + number range), the counters with their service
 * mix, and the knobs of the calling and estimation rules. Stored as one document so head office can see and set it.
 */

export interface QueueService {
  /** Stable key used in tickets and statistics, e.g. 'cash'. */
  code: string;
  /** One upper-case letter printed before the number: A001. */
  prefix: string;
  name: string;
  nameEn: string;
  /** First and last number of the day; a service whose range is used up stops issuing rather than reuse numbers. */
  rangeStart: number;
  rangeEnd: number;
  /** Used until enough tickets have been served to measure the real service time. */
  defaultServiceSec: number;
  /** A VIP service is shown on the kiosk only to customers marked VIP. */
  vipOnly?: boolean;
}

export interface CounterServiceWeight {
  service: string;
  /** 1–10: a customer of a weight-2 service counts as having waited twice as long at this counter. */
  weight: number;
}

export interface QueueCounter {
  no: number;
  name: string;
  services: CounterServiceWeight[];
}

export const PRIORITY_KINDS = ['vip', 'elder', 'disabled', 'pregnant', 'military'] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

export interface QueueConfig {
  services: QueueService[];
  counters: QueueCounter[];
  /**
   * Fairness: a counter calls at most this many priority customers in a row while an ordinary customer of its
   * services waits; the next call then takes the ordinary customer.
   */
  maxPriorityStreak: number;
  /** Customers at or above this age (read from the ID card) are marked 老年人优先. 0 disables the rule. */
  elderAge: number;
  /** How many recent served tickets per service measure its service time. */
  estimateSamples: number;
  /** Minutes east of UTC of the branch's clock; the business day and the by-hour statistics follow it. */
  utcOffsetMinutes: number;
}

export const DEFAULT_QUEUE_CONFIG: QueueConfig = {
  services: [
    { code: 'cash', prefix: 'A', name: '现金业务', nameEn: 'Cash', rangeStart: 1, rangeEnd: 999, defaultServiceSec: 240 },
    { code: 'corporate', prefix: 'B', name: '对公业务', nameEn: 'Corporate', rangeStart: 1, rangeEnd: 999, defaultServiceSec: 600 },
    { code: 'loan', prefix: 'C', name: '贷款业务', nameEn: 'Loans', rangeStart: 1, rangeEnd: 999, defaultServiceSec: 900 },
    { code: 'vip', prefix: 'V', name: 'VIP业务', nameEn: 'VIP', rangeStart: 1, rangeEnd: 999, defaultServiceSec: 420, vipOnly: true },
  ],
  counters: [
    { no: 1, name: '1号窗口', services: [{ service: 'cash', weight: 1 }] },
    { no: 2, name: '2号窗口', services: [{ service: 'cash', weight: 1 }, { service: 'corporate', weight: 1 }] },
    { no: 3, name: '3号窗口', services: [{ service: 'loan', weight: 2 }, { service: 'cash', weight: 1 }] },
    { no: 4, name: '4号窗口', services: [{ service: 'vip', weight: 3 }, { service: 'cash', weight: 1 }, { service: 'corporate', weight: 1 }] },
  ],
  maxPriorityStreak: 3,
  elderAge: 65,
  estimateSamples: 20,
  utcOffsetMinutes: 480,
};

export interface ConfigIssue {
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

/** Rules a configuration must keep so that numbers never collide and every counter can call something. */
export function checkQueueConfig(c: QueueConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const codes = new Set<string>();
  const prefixes = new Set<string>();
  c.services.forEach((s, i) => {
    if (codes.has(s.code)) issues.push({ path: `services.${i}.code`, key: 'queue.config.duplicateCode', params: { code: s.code } });
    if (prefixes.has(s.prefix)) issues.push({ path: `services.${i}.prefix`, key: 'queue.config.duplicatePrefix', params: { prefix: s.prefix } });
    codes.add(s.code);
    prefixes.add(s.prefix);
    if (!/^[A-Z]$/.test(s.prefix)) issues.push({ path: `services.${i}.prefix`, key: 'queue.config.prefixRule', params: { prefix: s.prefix } });
    if (!(s.rangeStart >= 1 && s.rangeEnd >= s.rangeStart && s.rangeEnd <= 9999)) {
      issues.push({ path: `services.${i}.rangeEnd`, key: 'queue.config.rangeRule', params: { start: s.rangeStart, end: s.rangeEnd } });
    }
  });
  if (!c.services.length) issues.push({ path: 'services', key: 'queue.config.noServices' });
  const counterNos = new Set<number>();
  c.counters.forEach((k, i) => {
    if (counterNos.has(k.no)) issues.push({ path: `counters.${i}.no`, key: 'queue.config.duplicateCounter', params: { no: k.no } });
    counterNos.add(k.no);
    if (!k.services.length) issues.push({ path: `counters.${i}.services`, key: 'queue.config.counterNoService', params: { no: k.no } });
    k.services.forEach((w, j) => {
      if (!codes.has(w.service)) issues.push({ path: `counters.${i}.services.${j}.service`, key: 'queue.config.unknownService', params: { no: k.no, service: w.service } });
    });
  });
  return issues;
}

export function serviceByCode(c: QueueConfig, code: string): QueueService | undefined {
  return c.services.find((s) => s.code === code);
}

export function counterByNo(c: QueueConfig, no: number): QueueCounter | undefined {
  return c.counters.find((k) => k.no === no);
}

export function counterServes(counter: QueueCounter, service: string): boolean {
  return counter.services.some((w) => w.service === service);
}

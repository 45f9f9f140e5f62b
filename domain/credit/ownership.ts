/**
 * Ownership penetration (穿透式股权识别) for enterprise loans: from shareholders (people and companies, possibly
 * holding each other in cycles) to each natural person's indirect share, the beneficial owners and the actual
 * controller.
 *
 * Two methods, and the result always names the one used, because near the threshold they disagree:
 *  - simple paths (简单路径法): sum over every path person → … → target that visits no entity twice of the
 *    product of the shares along it. A cross-holding is walked at most once, so cycles add nothing.
 *  - integrated ownership (综合持股法): O = P·(I − W)⁻¹, where W[a][b] is the share of company b held by company a
 *    and P[p][b] the share of b held by person p. (I − W)⁻¹ = I + W + W² + … sums every walk, so a cycle
 *    through the target is counted again and again as a geometric series: with 22% held directly in a company
 *    that owns 50% of a shareholder holding 30% back, the person's integrated share is 22% / (1 − 15%) = 25.88%,
 *    while simple paths say 22%.
 * All arithmetic is exact (BigInt fractions), so "≥ 25%" (PBOC/SAMR 2024 No. 3) is decided exactly; the 2017
 * notice's "more than 25%" is available as the strict comparison.
 */
import { z } from 'zod';
import { add, cmp, div, mul, ONE, rat, ratToString, sub, toFixed, ZERO, type Rational } from './rational';

export const entitySchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['person', 'company']),
    name: z.string().min(1),
  })
  .strict();
export type Entity = z.infer<typeof entitySchema>;

export const holdingSchema = z
  .object({
    holderId: z.string().min(1),
    companyId: z.string().min(1),
    /** Either basis points of the company's capital… */
    shareBp: z.number().int().min(1).max(10_000).optional(),
    /** …or an exact fraction (e.g. 1/3 of the registered capital). */
    share: z
      .object({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) })
      .strict()
      .refine((s) => s.numerator <= s.denominator, '持股比例不得超过100%')
      .optional(),
  })
  .strict()
  .refine((h) => (h.shareBp === undefined) !== (h.share === undefined), '持股比例须且只能以基点或分数之一给出')
  .refine((h) => h.holderId !== h.companyId, '企业不能持有自身股份');
export type Holding = z.infer<typeof holdingSchema>;

export const ownershipInputSchema = z.object({ entities: z.array(entitySchema).min(1), holdings: z.array(holdingSchema) }).strict();
export type OwnershipInput = z.infer<typeof ownershipInputSchema>;

export type OwnershipMethod = 'integrated' | 'simple-paths';
export const OWNERSHIP_METHOD_NAMES: Record<OwnershipMethod, { zh: string; en: string }> = {
  integrated: { zh: '综合持股法 P·(I−W)⁻¹', en: 'Integrated ownership P·(I−W)⁻¹' },
  'simple-paths': { zh: '简单路径法', en: 'Simple paths' },
};

export class OwnershipError extends Error {
  constructor(
    readonly code: 'unknown-entity' | 'over-allocated' | 'holder-is-person' | 'singular' | 'too-many-paths' | 'duplicate-entity',
    message: string,
  ) {
    super(message);
  }
}

export interface OwnershipPath {
  /** Entity ids from the person to the target. */
  nodes: string[];
  share: Rational;
}

export interface OwnerShare {
  personId: string;
  name: string;
  share: Rational;
  /** Two-decimal percentage for display; decisions use `share`. */
  sharePct: string;
  /** "n/d", exact. */
  shareExact: string;
  isBeneficialOwner: boolean;
  /** Every simple path from the person to the target. Under the integrated method these are the finite part; cycles add the rest. */
  paths: OwnershipPath[];
  /** Integrated method only: the person's share split by the company first held (cycles included), summing to `share`. */
  viaFirstHolding?: { companyId: string; share: Rational }[];
}

export type ControlBasis = 'majority-control' | 'relative-control' | 'designated';

export interface OwnershipResult {
  targetId: string;
  method: OwnershipMethod;
  threshold: Rational;
  comparison: 'gte' | 'gt';
  owners: OwnerShare[];
  beneficialOwnerIds: string[];
  /** No natural person reaches the threshold: No. 3 then looks to control by other means, then the senior manager. */
  noOwnerReachesThreshold: boolean;
  actualController: { personId: string; basis: ControlBasis } | null;
  /** Companies other than the target linked through the actual controller or a beneficial owner. */
  relatedCompanies: { companyId: string; name: string; reason: 'same-controller' | 'beneficial-owner-stake'; personId: string }[];
  hasCycle: boolean;
  graph: { nodes: Entity[]; edges: { from: string; to: string; share: Rational; sharePct: string }[] };
}

export interface PenetrationOptions {
  method: OwnershipMethod;
  /** Default 25%, inclusive (2024 No. 3). */
  threshold?: Rational;
  comparison?: 'gte' | 'gt';
  /** Set when an agreement or other arrangement names who controls the company. */
  designatedControllerId?: string;
  /** Simple-path enumeration is exponential in the worst case; refuse rather than hang. */
  maxPaths?: number;
}

const pct = (r: Rational): string => `${toFixed(mul(r, rat(100)), 2)}%`;
const shareOf = (h: Holding): Rational => (h.shareBp !== undefined ? rat(h.shareBp, 10_000) : rat(h.share!.numerator, h.share!.denominator));

interface Graph {
  byId: Map<string, Entity>;
  companies: string[];
  persons: string[];
  /** holder → [(company, share)] */
  out: Map<string, { to: string; share: Rational }[]>;
  edges: { from: string; to: string; share: Rational }[];
}

function buildGraph(input: OwnershipInput): Graph {
  const byId = new Map<string, Entity>();
  for (const e of input.entities) {
    if (byId.has(e.id)) throw new OwnershipError('duplicate-entity', `主体「${e.id}」重复`);
    byId.set(e.id, e);
  }
  const out = new Map<string, { to: string; share: Rational }[]>();
  const held = new Map<string, Rational>();
  const merged = new Map<string, Rational>();
  for (const h of input.holdings) {
    const holder = byId.get(h.holderId);
    const company = byId.get(h.companyId);
    if (!holder || !company) throw new OwnershipError('unknown-entity', `持股记录引用了不存在的主体「${holder ? h.companyId : h.holderId}」`);
    if (company.kind !== 'company') throw new OwnershipError('holder-is-person', `「${company.name}」是自然人，不能被持股`);
    const key = `${h.holderId}\u0000${h.companyId}`;
    merged.set(key, add(merged.get(key) ?? ZERO, shareOf(h)));
    const total = add(held.get(h.companyId) ?? ZERO, shareOf(h));
    if (cmp(total, ONE) > 0) throw new OwnershipError('over-allocated', `「${company.name}」的股东持股合计超过100%`);
    held.set(h.companyId, total);
  }
  const edges: Graph['edges'] = [];
  for (const [key, share] of merged) {
    const [from, to] = key.split('\u0000') as [string, string];
    edges.push({ from, to, share });
    const list = out.get(from) ?? [];
    list.push({ to, share });
    out.set(from, list);
  }
  const companies = input.entities.filter((e) => e.kind === 'company').map((e) => e.id);
  const persons = input.entities.filter((e) => e.kind === 'person').map((e) => e.id);
  return { byId, companies, persons, out, edges };
}

function simplePaths(g: Graph, from: string, target: string, maxPaths: number): OwnershipPath[] {
  const paths: OwnershipPath[] = [];
  const stack: string[] = [from];
  const onPath = new Set<string>([from]);
  const walk = (node: string, share: Rational): void => {
    for (const e of g.out.get(node) ?? []) {
      if (onPath.has(e.to)) continue;
      const s = mul(share, e.share);
      if (e.to === target) {
        paths.push({ nodes: [...stack, e.to], share: s });
        if (paths.length > maxPaths) throw new OwnershipError('too-many-paths', `持股路径超过${maxPaths}条，请改用综合持股法`);
        continue;
      }
      stack.push(e.to);
      onPath.add(e.to);
      walk(e.to, s);
      onPath.delete(e.to);
      stack.pop();
    }
  };
  walk(from, ONE);
  return paths;
}

/** (I − W)⁻¹ over the companies by Gauss–Jordan elimination on exact fractions. */
function leontiefInverse(g: Graph): Rational[][] {
  const n = g.companies.length;
  const idx = new Map(g.companies.map((c, i) => [c, i]));
  const a: Rational[][] = g.companies.map((_, i) => g.companies.map((__, j) => (i === j ? ONE : ZERO)));
  const inv: Rational[][] = g.companies.map((_, i) => g.companies.map((__, j) => (i === j ? ONE : ZERO)));
  for (const e of g.edges) {
    const i = idx.get(e.from);
    const j = idx.get(e.to);
    if (i !== undefined && j !== undefined) a[i]![j] = sub(a[i]![j]!, e.share);
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    while (pivot < n && a[pivot]![col]!.n === 0n) pivot++;
    if (pivot === n) throw new OwnershipError('singular', '交叉持股形成100%闭环，综合持股法无解，请改用简单路径法');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [inv[col], inv[pivot]] = [inv[pivot]!, inv[col]!];
    const p = a[col]![col]!;
    for (let j = 0; j < n; j++) {
      a[col]![j] = div(a[col]![j]!, p);
      inv[col]![j] = div(inv[col]![j]!, p);
    }
    for (let r = 0; r < n; r++) {
      const f = a[r]![col]!;
      if (r === col || f.n === 0n) continue;
      for (let j = 0; j < n; j++) {
        a[r]![j] = sub(a[r]![j]!, mul(f, a[col]![j]!));
        inv[r]![j] = sub(inv[r]![j]!, mul(f, inv[col]![j]!));
      }
    }
  }
  return inv;
}

function hasCycle(g: Graph): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (n: string): boolean => {
    state.set(n, 1);
    for (const e of g.out.get(n) ?? []) {
      const s = state.get(e.to);
      if (s === 1) return true;
      if (s === undefined && visit(e.to)) return true;
    }
    state.set(n, 2);
    return false;
  };
  return g.companies.some((c) => state.get(c) === undefined && visit(c));
}

/** Companies a person controls: directly, or together with companies already controlled, holds more than half. */
function controlledBy(g: Graph, personId: string): Set<string> {
  const controlled = new Set<string>();
  const half = rat(1, 2);
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of g.companies) {
      if (controlled.has(c)) continue;
      let votes = ZERO;
      for (const e of g.edges) if (e.to === c && (e.from === personId || controlled.has(e.from))) votes = add(votes, e.share);
      if (cmp(votes, half) > 0) {
        controlled.add(c);
        changed = true;
      }
    }
  }
  return controlled;
}

/** Every person's share of every company under the chosen method (rows: persons, keyed by company). */
function personShares(g: Graph, method: OwnershipMethod, maxPaths: number, inv: Rational[][] | null): Map<string, Map<string, Rational>> {
  const result = new Map<string, Map<string, Rational>>();
  const idx = new Map(g.companies.map((c, i) => [c, i]));
  for (const p of g.persons) {
    const row = new Map<string, Rational>();
    if (method === 'integrated') {
      for (const c of g.companies) {
        let s = ZERO;
        for (const e of g.out.get(p) ?? []) s = add(s, mul(e.share, inv![idx.get(e.to)!]![idx.get(c)!]!));
        if (s.n !== 0n) row.set(c, s);
      }
    } else {
      for (const c of g.companies) {
        const s = simplePaths(g, p, c, maxPaths).reduce((acc, x) => add(acc, x.share), ZERO);
        if (s.n !== 0n) row.set(c, s);
      }
    }
    result.set(p, row);
  }
  return result;
}

export function penetrate(input: OwnershipInput, targetId: string, opts: PenetrationOptions): OwnershipResult {
  const g = buildGraph(input);
  const target = g.byId.get(targetId);
  if (!target || target.kind !== 'company') throw new OwnershipError('unknown-entity', `目标企业「${targetId}」不存在`);
  const threshold = opts.threshold ?? rat(1, 4);
  const comparison = opts.comparison ?? 'gte';
  const maxPaths = opts.maxPaths ?? 10_000;
  const meets = (s: Rational) => (comparison === 'gte' ? cmp(s, threshold) >= 0 : cmp(s, threshold) > 0);
  const inv = opts.method === 'integrated' ? leontiefInverse(g) : null;
  const idx = new Map(g.companies.map((c, i) => [c, i]));
  const shares = personShares(g, opts.method, maxPaths, inv);

  const owners: OwnerShare[] = [];
  for (const p of g.persons) {
    const share = shares.get(p)!.get(targetId) ?? ZERO;
    if (share.n === 0n) continue;
    const owner: OwnerShare = {
      personId: p,
      name: g.byId.get(p)!.name,
      share,
      sharePct: pct(share),
      shareExact: ratToString(share),
      isBeneficialOwner: meets(share),
      paths: simplePaths(g, p, targetId, maxPaths),
    };
    if (inv) {
      owner.viaFirstHolding = (g.out.get(p) ?? []).map((e) => ({ companyId: e.to, share: mul(e.share, inv[idx.get(e.to)!]![idx.get(targetId)!]!) }));
    }
    owners.push(owner);
  }
  owners.sort((a, b) => cmp(b.share, a.share) || (a.personId < b.personId ? -1 : 1));
  const beneficialOwnerIds = owners.filter((o) => o.isBeneficialOwner).map((o) => o.personId);

  let actualController: OwnershipResult['actualController'] = null;
  const controlSets = new Map(g.persons.map((p) => [p, controlledBy(g, p)]));
  if (opts.designatedControllerId && g.byId.get(opts.designatedControllerId)?.kind === 'person') {
    actualController = { personId: opts.designatedControllerId, basis: 'designated' };
  } else {
    const majority = g.persons.find((p) => controlSets.get(p)!.has(targetId));
    if (majority) actualController = { personId: majority, basis: 'majority-control' };
    else if (owners.length > 0 && cmp(owners[0]!.share, rat(3, 10)) >= 0 && (owners.length === 1 || cmp(owners[0]!.share, owners[1]!.share) > 0)) {
      // 30% and strictly the largest: the usual indicator of control without a majority.
      actualController = { personId: owners[0]!.personId, basis: 'relative-control' };
    }
  }

  const related: OwnershipResult['relatedCompanies'] = [];
  const seen = new Set<string>();
  if (actualController) {
    for (const c of controlSets.get(actualController.personId) ?? []) {
      if (c === targetId) continue;
      seen.add(c);
      related.push({ companyId: c, name: g.byId.get(c)!.name, reason: 'same-controller', personId: actualController.personId });
    }
  }
  for (const p of beneficialOwnerIds) {
    for (const [c, s] of shares.get(p)!) {
      if (c === targetId || seen.has(c) || !meets(s)) continue;
      seen.add(c);
      related.push({ companyId: c, name: g.byId.get(c)!.name, reason: 'beneficial-owner-stake', personId: p });
    }
  }

  return {
    targetId,
    method: opts.method,
    threshold,
    comparison,
    owners,
    beneficialOwnerIds,
    noOwnerReachesThreshold: beneficialOwnerIds.length === 0,
    actualController,
    relatedCompanies: related,
    hasCycle: hasCycle(g),
    graph: { nodes: [...g.byId.values()], edges: g.edges.map((e) => ({ ...e, sharePct: pct(e.share) })) },
  };
}

/** Persons whose beneficial-owner status depends on the method: the cases a person must look at. */
export function methodDisagreements(input: OwnershipInput, targetId: string): { personId: string; integrated: Rational; simplePaths: Rational }[] {
  const a = penetrate(input, targetId, { method: 'integrated' });
  const b = penetrate(input, targetId, { method: 'simple-paths' });
  const simple = new Map(b.owners.map((o) => [o.personId, o]));
  return a.owners
    .filter((o) => o.isBeneficialOwner !== (simple.get(o.personId)?.isBeneficialOwner ?? false))
    .map((o) => ({ personId: o.personId, integrated: o.share, simplePaths: simple.get(o.personId)?.share ?? ZERO }));
}

/** The facts the enterprise risk model reads (blacklist hits on the owners are looked up by the caller). */
export function ownershipRiskFacts(r: OwnershipResult): {
  enterpriseActualControllerIdentified: boolean;
  enterpriseOwnershipCycle: boolean;
  enterpriseRelatedPartyCount: number;
} {
  return {
    enterpriseActualControllerIdentified: r.actualController !== null,
    enterpriseOwnershipCycle: r.hasCycle,
    enterpriseRelatedPartyCount: r.relatedCompanies.length,
  };
}

/** Text lines explaining each beneficial owner, e.g. for the investigation report. */
export function explainOwners(r: OwnershipResult, names: (id: string) => string): string[] {
  const lines: string[] = [`方法：${OWNERSHIP_METHOD_NAMES[r.method].zh}；受益所有人标准：${r.comparison === 'gte' ? '≥' : '>'}${pct(r.threshold)}`];
  for (const o of r.owners) {
    lines.push(`${o.name}：${o.sharePct}${o.isBeneficialOwner ? '（受益所有人）' : ''}`);
    for (const p of o.paths) lines.push(`  ${p.nodes.map(names).join(' → ')}：${pct(p.share)}`);
    if (r.method === 'integrated') {
      const finite = o.paths.reduce((s, p) => add(s, p.share), ZERO);
      const viaCycles = sub(o.share, finite);
      if (viaCycles.n !== 0n) lines.push(`  交叉持股循环累计：${pct(viaCycles)}`);
    }
  }
  return lines;
}

import type { Database } from '../../../db/sqlite';
import {
  explainOwners,
  methodDisagreements,
  OWNERSHIP_METHOD_NAMES,
  OwnershipError,
  ownershipRiskFacts,
  penetrate,
  type Entity,
  type Holding,
  type OwnershipInput,
  type OwnershipMethod,
  type OwnershipResult,
} from '../../../domain/credit/ownership';
import { add, mul, rat, sub, toFixed as rationalToFixed, ZERO, type Rational } from '../../../domain/credit/rational';
import type { CustomerFields } from '../../../domain/customers/customer';
import { apiError } from '../api/dispatch';
import type { OwnershipView } from './credit.contract';

type CustomerLike = CustomerFields & { _id: string };

const pct = (r: Rational) => `${rationalToFixed(mul(r, rat(100)), 2)}%`;

/** How deep the branch follows company shareholders that are themselves customers; real structures are shallow. */
const MAX_DEPTH = 6;

/**
 * Builds the ownership graph from what the branch recorded: the enterprise's shareholders, and for each
 * shareholding company that is also a customer here (matched by USCC, else by exact name) that company's
 * shareholders in turn. A shareholding company the branch knows nothing about is reported as opaque: the
 * look-through stops there and a person must find out who is behind it.
 */
export async function ownershipGraph(
  pouch: PouchDB.Database<object>,
  sql: Database,
  customerId: string,
): Promise<{ input: OwnershipInput; targetId: string; opaque: string[]; names: Map<string, string> }> {
  const entities = new Map<string, Entity>();
  const holdings: Holding[] = [];
  const opaque: string[] = [];
  const byUscc = sql.prepare("SELECT id FROM customer_index WHERE uscc = ? AND kind = 'enterprise'");
  const byName = sql.prepare("SELECT id FROM customer_index WHERE name = ? AND kind = 'enterprise' LIMIT 1");
  const load = async (id: string) => (await pouch.get(id)) as unknown as CustomerLike;

  const root = await load(customerId).catch(() => null);
  if (!root) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: '客户' });
  if (root.kind !== 'enterprise') throw apiError('VALIDATION', 'credit.ownership.notEnterprise');

  const visited = new Set<string>();
  const walk = async (company: CustomerLike, entityId: string, depth: number) => {
    if (visited.has(company._id)) return;
    visited.add(company._id);
    for (const s of company.shareholders ?? []) {
      let holderId: string;
      if (s.kind === 'person') {
        holderId = `person:${s.idNumber ?? s.name}`;
        if (!entities.has(holderId)) entities.set(holderId, { id: holderId, kind: 'person', name: s.name });
      } else {
        const hit = (s.idNumber ? (byUscc.get(s.idNumber) as { id: string } | undefined) : undefined) ?? (byName.get(s.name) as { id: string } | undefined);
        holderId = hit ? `company:${hit.id}` : `company:${s.idNumber ?? s.name}`;
        if (!entities.has(holderId)) entities.set(holderId, { id: holderId, kind: 'company', name: s.name });
        if (hit && depth < MAX_DEPTH) await walk(await load(hit.id), holderId, depth + 1);
        else if (!hit && !opaque.includes(s.name)) opaque.push(s.name);
      }
      holdings.push({ holderId, companyId: entityId, shareBp: s.shareBp });
    }
  };
  const targetId = `company:${root._id}`;
  entities.set(targetId, { id: targetId, kind: 'company', name: root.name });
  await walk(root, targetId, 0);
  const names = new Map([...entities.values()].map((e) => [e.id, e.name]));
  return { input: { entities: [...entities.values()], holdings }, targetId, opaque, names };
}

export function runPenetration(input: OwnershipInput, targetId: string, method: OwnershipMethod): OwnershipResult {
  try {
    return penetrate(input, targetId, { method });
  } catch (e) {
    if (e instanceof OwnershipError) throw apiError('VALIDATION', 'credit.ownership.failed', { reason: e.message });
    throw e;
  }
}

export function ownershipView(
  customerId: string,
  g: Awaited<ReturnType<typeof ownershipGraph>>,
  method: OwnershipMethod,
): { view: OwnershipView; facts: ReturnType<typeof ownershipRiskFacts>; result: OwnershipResult } {
  const r = runPenetration(g.input, g.targetId, method);
  const name = (id: string) => g.names.get(id) ?? id;
  let disagreements: OwnershipView['disagreements'] = [];
  try {
    disagreements = methodDisagreements(g.input, g.targetId).map((d) => ({ name: name(d.personId), integratedPct: pct(d.integrated), simplePathsPct: pct(d.simplePaths) }));
  } catch {
    // A 100% cycle makes the integrated method singular; then there is nothing to compare.
  }
  const view: OwnershipView = {
    customerId,
    method,
    methodName: OWNERSHIP_METHOD_NAMES[method].zh,
    thresholdPct: pct(r.threshold),
    nodes: r.graph.nodes.map((n) => ({ id: n.id, name: n.name, kind: n.kind, isTarget: n.id === g.targetId, isBeneficialOwner: r.beneficialOwnerIds.includes(n.id) })),
    edges: r.graph.edges.map((e) => ({ from: e.from, to: e.to, sharePct: e.sharePct })),
    owners: r.owners.map((o) => {
      const rest = sub(o.share, o.paths.reduce((s, p) => add(s, p.share), ZERO));
      return {
        personId: o.personId, name: o.name, sharePct: o.sharePct, shareExact: o.shareExact, isBeneficialOwner: o.isBeneficialOwner,
        paths: o.paths.map((p) => ({ names: p.nodes.map(name), sharePct: pct(p.share) })),
        viaCyclesPct: method === 'integrated' && rest.n !== 0n ? pct(rest) : null,
      };
    }),
    actualController: r.actualController ? { name: name(r.actualController.personId), basis: r.actualController.basis } : null,
    relatedCompanies: r.relatedCompanies.map((c) => ({ name: c.name, reason: c.reason })),
    hasCycle: r.hasCycle,
    disagreements,
    explanation: explainOwners(r, name),
    opaqueCompanies: g.opaque,
  };
  return { view, facts: ownershipRiskFacts(r), result: r };
}

import { describe, expect, it } from 'vitest';
import {
  explainOwners,
  methodDisagreements,
  ownershipInputSchema,
  OwnershipError,
  ownershipRiskFacts,
  penetrate,
  type OwnershipInput,
} from './ownership';
import { rat, ratToString } from './rational';

const person = (id: string) => ({ id, kind: 'person' as const, name: id });
const company = (id: string) => ({ id, kind: 'company' as const, name: id });
const bp = (holderId: string, companyId: string, shareBp: number) => ({ holderId, companyId, shareBp });

describe('chains multiply, parallel chains add', () => {
  const input: OwnershipInput = {
    entities: [person('X'), person('Y'), company('A'), company('T')],
    holdings: [bp('X', 'A', 6_000), bp('Y', 'A', 4_000), bp('A', 'T', 5_000), bp('X', 'T', 1_000)],
  };

  it('both methods agree without cycles and list each path', () => {
    for (const method of ['integrated', 'simple-paths'] as const) {
      const r = penetrate(input, 'T', { method });
      expect(r.method).toBe(method);
      expect(r.owners.map((o) => [o.personId, o.sharePct, o.isBeneficialOwner])).toEqual([
        ['X', '40.00%', true],
        ['Y', '20.00%', false],
      ]);
      expect(r.owners[0]!.paths.map((p) => [p.nodes.join('>'), ratToString(p.share)])).toEqual([
        ['X>A>T', '3/10'],
        ['X>T', '1/10'],
      ]);
      expect(r.hasCycle).toBe(false);
    }
  });

  it('exactly 25% is a beneficial owner under 2024 No. 3 (≥) and not under the 2017 wording (>)', () => {
    const quarter: OwnershipInput = {
      entities: [person('P'), company('A'), company('T')],
      holdings: [bp('P', 'A', 5_000), bp('A', 'T', 5_000)],
    };
    expect(penetrate(quarter, 'T', { method: 'simple-paths' }).beneficialOwnerIds).toEqual(['P']);
    expect(penetrate(quarter, 'T', { method: 'simple-paths', comparison: 'gt' }).beneficialOwnerIds).toEqual([]);
  });

  it('exact fractions: three thirds of three quarters is decided without rounding', () => {
    // P holds 1/3 of each of A, B and C; each holds 1/4 of T → exactly 1/4.
    const thirds: OwnershipInput = {
      entities: [person('P'), company('A'), company('B'), company('C'), company('T')],
      holdings: [
        ...['A', 'B', 'C'].map((c) => ({ holderId: 'P', companyId: c, share: { numerator: 1, denominator: 3 } })),
        ...['A', 'B', 'C'].map((c) => bp(c, 'T', 2_500)),
      ],
    };
    const r = penetrate(thirds, 'T', { method: 'integrated' });
    expect(r.owners[0]!.shareExact).toBe('1/4');
    expect(r.owners[0]!.isBeneficialOwner).toBe(true);
  });
});

describe('cross-holdings (cycles)', () => {
  // A holds 22% of T; C holds 30% of T; T holds 50% of C; D holds 50% of C.
  const cyclic: OwnershipInput = {
    entities: [person('A'), person('D'), company('T'), company('C')],
    holdings: [bp('A', 'T', 2_200), bp('C', 'T', 3_000), bp('T', 'C', 5_000), bp('D', 'C', 5_000)],
  };

  it('integrated ownership sums the cycle: 22% / (1 − 15%) = 22/85 ≈ 25.88% → beneficial owner', () => {
    const r = penetrate(cyclic, 'T', { method: 'integrated' });
    const a = r.owners.find((o) => o.personId === 'A')!;
    expect(a.shareExact).toBe('22/85');
    expect(a.sharePct).toBe('25.88%');
    expect(a.isBeneficialOwner).toBe(true);
    expect(a.paths.map((p) => p.nodes.join('>'))).toEqual(['A>T']);
    expect(a.viaFirstHolding!.map((v) => [v.companyId, ratToString(v.share)])).toEqual([['T', '22/85']]);
    // D: 50% × 30% = 15% along the one simple path, 15/85 with the cycle.
    expect(r.owners.find((o) => o.personId === 'D')!.shareExact).toBe('3/17');
    expect(r.hasCycle).toBe(true);
  });

  it('simple paths walk the cycle once: A has 22% and is not a beneficial owner', () => {
    const r = penetrate(cyclic, 'T', { method: 'simple-paths' });
    expect(r.owners.map((o) => [o.personId, o.sharePct])).toEqual([
      ['A', '22.00%'],
      ['D', '15.00%'],
    ]);
    expect(r.beneficialOwnerIds).toEqual([]);
    expect(r.noOwnerReachesThreshold).toBe(true);
  });

  it('reports the person on whom the methods disagree', () => {
    expect(methodDisagreements(cyclic, 'T').map((d) => [d.personId, ratToString(d.integrated), ratToString(d.simplePaths)])).toEqual([
      ['A', '22/85', '11/50'],
    ]);
  });

  it('explains the cyclic part separately', () => {
    const lines = explainOwners(penetrate(cyclic, 'T', { method: 'integrated' }), (id) => id);
    expect(lines[0]).toBe('方法：综合持股法 P·(I−W)⁻¹；受益所有人标准：≥25.00%');
    expect(lines).toContain('A：25.88%（受益所有人）');
    expect(lines).toContain('  A → T：22.00%');
    expect(lines).toContain('  交叉持股循环累计：3.88%');
  });

  it('a 100% closed loop has no integrated solution; simple paths still work', () => {
    const loop: OwnershipInput = {
      entities: [person('P'), company('X'), company('Y'), company('T')],
      holdings: [bp('X', 'Y', 10_000), bp('Y', 'X', 10_000), bp('P', 'T', 3_000)],
    };
    expect(() => penetrate(loop, 'T', { method: 'integrated' })).toThrow(OwnershipError);
    expect(penetrate(loop, 'T', { method: 'simple-paths' }).owners[0]!.sharePct).toBe('30.00%');
  });
});

describe('actual controller and related parties', () => {
  const group: OwnershipInput = {
    entities: [person('X'), person('Y'), company('A'), company('T'), company('S')],
    holdings: [bp('X', 'A', 5_100), bp('Y', 'A', 4_900), bp('A', 'T', 5_100), bp('Y', 'T', 4_900), bp('A', 'S', 8_000)],
  };

  it('majority control down a chain names X although X owns only 26.01% of T', () => {
    const r = penetrate(group, 'T', { method: 'integrated' });
    expect(r.actualController).toEqual({ personId: 'X', basis: 'majority-control' });
    expect(r.owners.map((o) => [o.personId, o.sharePct])).toEqual([
      ['Y', '73.99%'],
      ['X', '26.01%'],
    ]);
    expect(r.beneficialOwnerIds).toEqual(['Y', 'X']);
    // S is controlled by X through A; Y's 39.2% of S also makes it related.
    expect(r.relatedCompanies.map((c) => [c.companyId, c.reason])).toEqual([
      ['A', 'same-controller'],
      ['S', 'same-controller'],
    ]);
    expect(ownershipRiskFacts(r)).toEqual({ enterpriseActualControllerIdentified: true, enterpriseOwnershipCycle: false, enterpriseRelatedPartyCount: 2 });
  });

  it('without a majority the strictly largest holder at ≥ 30% is the controller; ties leave none', () => {
    const spread: OwnershipInput = {
      entities: [person('P'), person('Q'), person('R'), company('T')],
      holdings: [bp('P', 'T', 3_500), bp('Q', 'T', 3_000), bp('R', 'T', 3_500)],
    };
    expect(penetrate(spread, 'T', { method: 'simple-paths' }).actualController).toBeNull();
    spread.holdings[2] = bp('R', 'T', 2_000);
    expect(penetrate(spread, 'T', { method: 'simple-paths' }).actualController).toEqual({ personId: 'P', basis: 'relative-control' });
    expect(penetrate(spread, 'T', { method: 'simple-paths', designatedControllerId: 'Q' }).actualController).toEqual({ personId: 'Q', basis: 'designated' });
  });
});

describe('input validation', () => {
  it('refuses shares over 100% and unknown entities', () => {
    const base = { entities: [person('P'), person('Q'), company('T')] };
    expect(() => penetrate({ ...base, holdings: [bp('P', 'T', 6_000), bp('Q', 'T', 5_000)] }, 'T', { method: 'integrated' })).toThrow(/超过100%/);
    expect(() => penetrate({ ...base, holdings: [bp('Z', 'T', 6_000)] }, 'T', { method: 'integrated' })).toThrow(/不存在的主体「Z」/);
  });

  it('the schema wants exactly one of shareBp and share', () => {
    expect(ownershipInputSchema.safeParse({ entities: [person('P')], holdings: [{ holderId: 'P', companyId: 'T' }] }).success).toBe(false);
    expect(
      ownershipInputSchema.safeParse({ entities: [person('P')], holdings: [{ holderId: 'P', companyId: 'T', shareBp: 10, share: { numerator: 1, denominator: 2 } }] })
        .success,
    ).toBe(false);
    expect(ownershipInputSchema.safeParse({ entities: [person('P')], holdings: [{ holderId: 'P', companyId: 'T', shareBp: 10 }] }).success).toBe(true);
  });

  it('threshold can be changed exactly', () => {
    const r = penetrate(
      { entities: [person('P'), company('T')], holdings: [bp('P', 'T', 1_000)] },
      'T',
      { method: 'integrated', threshold: rat(1, 10) },
    );
    expect(r.beneficialOwnerIds).toEqual(['P']);
  });
});

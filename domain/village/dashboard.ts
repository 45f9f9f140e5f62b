import { creditVillageStatus, type CreditVillageCounts, type CreditVillageStatus } from './credit-village';

/**
 * 整村授信 dashboard figures (DOMAIN.md's worked example): per village and for the branch, from credit lines and
 * drawdowns — 授信 granted, 签约 signed, 用信 drawn — never from one-off loan applications. Pure: the core gathers the
 * facts (only head office's signed lines and drawdowns), this adds them up.
 */

export interface DashboardFacts {
  /** Households on record per village (建档), and how many have their field file (农户建档 in the field). */
  households: { village: string; households: number; withFile: number }[];
  /** Households in a closed review round (村组评议), by village. */
  reviewed: { village: string; householdId: string }[];
  /** The branch head's batch approvals not yet expired: one entry per granted household. */
  approved: { village: string; householdId: string; limitFen: number }[];
  lines: { village: string; householdId: string; limitFen: number; signed: boolean; expired: boolean }[];
  drawdowns: { village: string; householdId: string; amountFen: number }[];
  /** Per village: borrowers and defaults from head office's loan feed (for 信用村). */
  loans: { village: string; householdId: string; balanceFen: number; nplFen: number; defaulting: boolean }[];
}

export interface DashboardFigures {
  households: number;
  withFile: number;
  reviewed: number;
  approved: number;
  approvedFen: number;
  granted: number;
  grantedFen: number;
  signed: number;
  signedFen: number;
  drawn: number;
  drawnFen: number;
  /** 户数率: drawing households / signed households, basis points (rounded half up). */
  householdUsageBp: number;
  /** 金额用信率: drawn amount / signed amount, basis points. */
  amountUsageBp: number;
  /** 户均签约额度: signed amount / signed households, fen. */
  avgSignedFen: number;
}

export interface VillageRow extends DashboardFigures {
  village: string;
  creditVillage: CreditVillageCounts & CreditVillageStatus;
}

const ratioBp = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 10_000) / whole));

function figures(f: Omit<DashboardFigures, 'householdUsageBp' | 'amountUsageBp' | 'avgSignedFen'>): DashboardFigures {
  return { ...f, householdUsageBp: ratioBp(f.drawn, f.signed), amountUsageBp: ratioBp(f.drawnFen, f.signedFen), avgSignedFen: f.signed === 0 ? 0 : Math.round(f.signedFen / f.signed) };
}

export function villageDashboard(facts: DashboardFacts): { branch: DashboardFigures; villages: VillageRow[] } {
  const names = [...new Set([...facts.households.map((h) => h.village), ...facts.lines.map((l) => l.village)])].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const of = <T extends { village: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const list = m.get(x.village);
      if (list) list.push(x);
      else m.set(x.village, [x]);
    }
    return (v: string) => m.get(v) ?? [];
  };
  const reviewed = of(facts.reviewed);
  const approved = of(facts.approved);
  const lines = of(facts.lines);
  const drawdowns = of(facts.drawdowns);
  const loans = of(facts.loans);
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

  const villages = names.map((village): VillageRow => {
    const h = facts.households.find((x) => x.village === village);
    const live = lines(village).filter((l) => !l.expired);
    const signed = live.filter((l) => l.signed);
    const draws = drawdowns(village);
    const counts: CreditVillageCounts = {
      households: h?.households ?? 0,
      // A credit household holds a head-office line, or a batch approval head office has yet to turn into one.
      creditHouseholds: new Set([...live.map((l) => l.householdId), ...approved(village).map((a) => a.householdId)]).size,
      borrowers: new Set(loans(village).map((l) => l.householdId)).size,
      defaultingBorrowers: new Set(loans(village).filter((l) => l.defaulting).map((l) => l.householdId)).size,
      balanceFen: sum(loans(village), (l) => l.balanceFen),
      nplBalanceFen: sum(loans(village), (l) => l.nplFen),
    };
    return {
      village,
      ...figures({
        households: h?.households ?? 0, withFile: h?.withFile ?? 0, reviewed: new Set(reviewed(village).map((r) => r.householdId)).size,
        approved: approved(village).length, approvedFen: sum(approved(village), (a) => a.limitFen),
        granted: live.length, grantedFen: sum(live, (l) => l.limitFen), signed: signed.length, signedFen: sum(signed, (l) => l.limitFen),
        drawn: new Set(draws.map((d) => d.householdId)).size, drawnFen: sum(draws, (d) => d.amountFen),
      }),
      creditVillage: { ...counts, ...creditVillageStatus(counts) },
    };
  });
  const total = (k: keyof DashboardFigures) => sum(villages, (v) => v[k]);
  const branch = figures({
    households: total('households'), withFile: total('withFile'), reviewed: total('reviewed'), approved: total('approved'), approvedFen: total('approvedFen'),
    granted: total('granted'), grantedFen: total('grantedFen'), signed: total('signed'), signedFen: total('signedFen'), drawn: total('drawn'), drawnFen: total('drawnFen'),
  });
  return { branch, villages };
}

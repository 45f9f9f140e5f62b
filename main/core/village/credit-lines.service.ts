import QRCode from 'qrcode';
import { creditDrawdownContent, creditLineContent, type CreditDrawdown, type CreditLine } from '../../../domain/village/credit-line';
import type { Handlers } from '../api/handlers';
import { creditVillageStatus } from '../../../domain/village/credit-village';
import { villageDashboard } from '../../../domain/village/dashboard';
import { branchDay } from '../../../domain/time/branch-time';
import type { creditLinesContract, CreditLineRow } from './credit-lines.contract';
import type { creditVillageContract } from './credit-village.contract';
import { dashboardFacts } from './village-dashboard';
import type { HouseholdDoc } from './village.docs';
import type { VillageDeps } from './village.service';
import { signedDocs, type SignedDocsDeps } from './signed-docs';

export interface CreditLineDeps extends VillageDeps, SignedDocsDeps {
  /** Head office's village self-service page (`jingwei village serve`), for the village QR code. */
  selfServiceUrl: string | null;
  /** For the credit-village certificate. */
  branchName: string;
}

/**
 * A branch's credit lines and drawdowns as it holds them. Only documents head office signed for this branch count: a
 * line written into the local store by anything else (a curious employee with the device's files) is as if absent,
 * so neither the screens nor the dashboards can be raised from a branch PC.
 */
function trustedCredit(deps: CreditLineDeps) {
  const lines = signedDocs<CreditLine>(deps, 'credit-line:', creditLineContent);
  const drawdowns = signedDocs<CreditDrawdown>(deps, 'credit-drawdown:', creditDrawdownContent);
  const load = async () => {
    const [l, d] = [await lines(), await drawdowns()];
    return { lines: l.docs, drawdowns: d.docs, untrusted: l.untrusted + d.untrusted };
  };
  // Callers while a reading is under way share it (the warm-up at start and the first screen, two screens at once).
  let reading: ReturnType<typeof load> | null = null;
  return () => (reading ??= load().finally(() => (reading = null)));
}

/**
 * 整村授信 lines, the village dashboard and 信用村. The figures are computed when asked from the branch's documents —
 * households on file, batch approvals, head office's signed lines and drawdowns, its loan feed (borrowers, defaults) —
 * so a village that falls below the criteria (a line expires, a loan goes bad after a sync) is flagged at once.
 */
export function creditLineHandlers(deps: CreditLineDeps): { handlers: Handlers<typeof creditLinesContract & typeof creditVillageContract>; close(): Promise<void> } {
  const credit = trustedCredit(deps);
  async function dashboard(asOf: string) {
    const { lines, drawdowns, untrusted } = await credit();
    return { asOf, untrusted, ...villageDashboard(await dashboardFacts(deps, asOf, lines, drawdowns)) };
  }
  // Warmed once at start, off the first screen's path: after a restart every signed line and drawdown is read and
  // its remembered verdict re-derived (thousands of HMACs, half a second at seed scale), and the queries are cold.
  // close() cancels it, or waits for it: it reads the store, which must not be closed under it.
  let warming: Promise<unknown> | null = null;
  const warmUp = setTimeout(() => (warming = dashboard(branchDay(new Date(), deps.timeZone)).catch(() => undefined)), 0).unref();
  const handlers: Handlers<typeof creditLinesContract & typeof creditVillageContract> = {
    'village.creditLines': async ({ village }) => {
      const all = await credit();
      const lines = all.lines.filter((l) => l.village === village);
      const drawdowns = new Map<string, CreditDrawdown[]>();
      for (const d of all.drawdowns) drawdowns.set(d.lineId, [...(drawdowns.get(d.lineId) ?? []), d]);
      const untrusted = all.untrusted;
      const households = lines.length ? await deps.pouch.allDocs({ keys: lines.map((l) => l.householdId), include_docs: true }) : { rows: [] };
      const byId = new Map(households.rows.flatMap((r) => ('doc' in r && r.doc ? [[r.id, r.doc as unknown as HouseholdDoc] as const] : [])));
      const rows: CreditLineRow[] = lines.map((l) => {
        const own = (drawdowns.get(l._id) ?? []).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
        const h = byId.get(l.householdId);
        return {
          householdId: l.householdId, headName: h?.headName ?? '', group: h?.group ?? '', limitFen: l.limitFen, rateBp: l.rateBp, termMonths: l.termMonths,
          expiresOn: l.expiresOn, issuedAt: l.issuedAt, signedAt: l.signing?.signedAt ?? null, signedVia: l.signing?.channel ?? null,
          drawnFen: own.reduce((s, d) => s + d.amountFen, 0),
          drawdowns: own.map((d) => ({ amountFen: d.amountFen, requestedAt: d.requestedAt, status: d.status, channel: d.channel })),
        };
      });
      rows.sort((a, b) => a.group.localeCompare(b.group, 'zh-CN') || a.headName.localeCompare(b.headName, 'zh-CN'));
      let selfService = null;
      if (deps.selfServiceUrl) {
        const url = `${deps.selfServiceUrl.replace(/\/$/, '')}/village/${encodeURIComponent(deps.branch)}/${encodeURIComponent(village)}`;
        selfService = { url, qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
      }
      return { village, lines: rows, untrusted, selfService };
    },

    'village.dashboard': async (_args, ctx) => dashboard(branchDay(ctx.now, deps.timeZone)),

    'village.creditVillage': async ({ village }, ctx) => {
      const asOf = branchDay(ctx.now, deps.timeZone);
      const row = (await dashboard(asOf)).villages.find((v) => v.village === village);
      const none = { households: 0, creditHouseholds: 0, borrowers: 0, defaultingBorrowers: 0, balanceFen: 0, nplBalanceFen: 0 };
      return { village, branchName: deps.branchName, asOf, ...(row?.creditVillage ?? { ...none, ...creditVillageStatus(none) }) };
    },
  };
  return {
    handlers,
    async close() {
      clearTimeout(warmUp);
      await warming;
    },
  };
}

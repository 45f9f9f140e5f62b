import QRCode from 'qrcode';
import { creditDrawdownContent, creditLineContent, type CreditDrawdown, type CreditLine } from '../../../domain/village/credit-line';
import { verifyDoc } from '../../../trust/signature';
import type { TrustRoot } from '../../../trust/trust-root';
import type { Handlers } from '../api/handlers';
import type { creditLinesContract, CreditLineRow } from './credit-lines.contract';
import type { HouseholdDoc } from './village.docs';
import type { VillageDeps } from './village.service';

export interface CreditLineDeps extends VillageDeps {
  trust: TrustRoot | null;
  /** Head office's village self-service page (`jingwei village serve`), for the village QR code. */
  selfServiceUrl: string | null;
}

async function byPrefix(deps: VillageDeps, prefix: string): Promise<unknown[]> {
  const res = await deps.pouch.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
  return res.rows.flatMap((r) => (r.doc ? [r.doc] : []));
}

/**
 * A village's credit lines and drawdowns as the branch holds them. Only documents head office signed for this branch
 * count: a line written into the local store by anything else (a curious employee with the device's files) is as if
 * absent, so neither the screens nor the dashboards can be raised from a branch PC.
 */
export async function trustedCreditLines(deps: CreditLineDeps, village: string | null) {
  let untrusted = 0;
  const trusted = <T>(raw: unknown, schema: { safeParse(v: unknown): { success: boolean } }): T | null => {
    const ok = schema.safeParse(raw).success && !!deps.trust && verifyDoc(raw, deps.trust) && (raw as { branch?: string }).branch === deps.branch;
    if (!ok) untrusted += 1;
    return ok ? (raw as T) : null;
  };
  const lines = (await byPrefix(deps, 'credit-line:')).flatMap((d) => trusted<CreditLine>(d, creditLineContent) ?? []).filter((l) => village === null || l.village === village);
  const drawdowns = new Map<string, CreditDrawdown[]>();
  for (const d of (await byPrefix(deps, 'credit-drawdown:')).flatMap((raw) => trusted<CreditDrawdown>(raw, creditDrawdownContent) ?? [])) {
    drawdowns.set(d.lineId, [...(drawdowns.get(d.lineId) ?? []), d]);
  }
  return { lines, drawdowns, untrusted };
}

export function creditLineHandlers(deps: CreditLineDeps): Handlers<typeof creditLinesContract> {
  return {
    'village.creditLines': async ({ village }) => {
      const { lines, drawdowns, untrusted } = await trustedCreditLines(deps, village);
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
  };
}

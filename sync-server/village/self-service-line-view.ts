import { availableFen, contractTerms, creditDrawdownContent, type CreditDrawdown } from '../../domain/village/credit-line';
import { verifyDoc } from '../../trust/signature';
import { trustedLine } from './credit-lines';
import type { SelfServiceContext } from './self-service-context';

/** The household's line as head office signed it, and what the page shows of it: terms, signed or not, what is left. */
export async function lineView(ctx: SelfServiceContext, branch: string, lineId: string) {
  const line = await trustedLine(ctx.couch, ctx.dbOf(branch), lineId, ctx.keys);
  if (!line) return null;
  const drawdowns = await drawdownsOf(ctx, branch, lineId);
  return {
    line,
    view: {
      village: line.village, limitFen: line.limitFen, rateBp: line.rateBp, termMonths: line.termMonths, expiresOn: line.expiresOn,
      terms: contractTerms(line), contractDigest: line.contractDigest, signed: !!line.signing, availableFen: availableFen(line, drawdowns),
      drawdowns: drawdowns.map((d) => ({ amountFen: d.amountFen, requestedAt: d.requestedAt, status: d.status })),
    },
  };
}

/** Every drawdown of the line that head office signed, page by page from the branch database's changes. */
async function drawdownsOf(ctx: SelfServiceContext, branch: string, lineId: string): Promise<CreditDrawdown[]> {
  const out: CreditDrawdown[] = [];
  let since: string | number = 0;
  for (;;) {
    const page: { results: { doc?: unknown }[]; last_seq: string | number } = await ctx.couch.changes<unknown>(ctx.dbOf(branch), since, { type: 'credit-drawdown', lineId }, 500);
    for (const c of page.results) if (c.doc && creditDrawdownContent.safeParse(c.doc).success && verifyDoc(c.doc, ctx.trust)) out.push(c.doc as CreditDrawdown);
    if (page.results.length === 0) return out;
    since = page.last_seq;
  }
}

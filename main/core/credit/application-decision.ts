import { performance } from 'node:perf_hooks';
import { factsForModels } from '../../../domain/credit/bank-facts';
import { LprUnavailableError } from '../../../domain/credit/lpr';
import { missingData, PRODUCTS } from '../../../domain/credit/products';
import { evaluateApplication, replayDecision, type ApplicationInput, type LoanState } from '../../../domain/credit/rules';
import { translate } from '../../../i18n/translate';
import { actorOf } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { today, type CallContext, type CreditContext, type CreditDeps, type In, type Out } from './application-context';
import { applyPatch } from './application-facts';
import { addStep, expectState, liveLoan, loadApp, loadLoan, save, strip } from './application-records';
import { assertTerms } from './application-terms';
import type { ApplicationDoc } from './credit.docs';
import { loanState } from './core-banking-loan';

/** Runs the product's latest rule set on the application (and, for a renewal, on the loan it renews) and keeps the decision. */
export async function decide(deps: CreditDeps, doc: ApplicationDoc, now: Date): Promise<void> {
  const rs = await deps.reference.latestRuleSet(doc.productCode);
  const lpr = await deps.reference.lpr();
  let existingLoan: LoanState | undefined;
  if (doc.renewalOf) {
    const old = await loadLoan(deps, doc.renewalOf);
    existingLoan = loanState(old, today(now), await liveLoan(deps, old));
  }
  const input: ApplicationInput = {
    applicationId: doc._id, productCode: doc.productCode, applicationDate: today(now), requestedAmountFen: doc.requestedAmountFen,
    termMonths: doc.termMonths, repaymentMethod: doc.repaymentMethod, collectedData: doc.collectedData, facts: factsForModels(doc.facts, doc.factSources ?? []),
    ...(existingLoan ? { existingLoan } : {}),
  };
  try {
    doc.decision = evaluateApplication(rs.ruleSet, lpr.table, input);
  } catch (e) {
    if (e instanceof LprUnavailableError) throw apiError('UNAVAILABLE', 'credit.noLpr', { date: e.date });
    throw e;
  }
  doc.lprVersion = lpr.version;
}

export async function submit({ deps }: CreditContext, { id, rev }: In<'loans.submit'>, ctx: CallContext): Promise<Out<'loans.submit'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['draft']);
    // Derived facts may have changed since the draft was saved (a birthday, a new import): recompute first.
    await applyPatch(deps, doc, {}, ctx.now);
    const missing = missingData(doc.productCode, doc.collectedData);
    if (missing.length) {
      const items = missing.map((m) => m.nameZh).join('、');
      throw apiError('VALIDATION', 'credit.missingData', { items }, {
        fields: missing.map((m) => ({ path: `collectedData.${m.item}`, key: 'credit.missingItem', params: { item: m.nameZh }, message: translate('credit.missingItem', { item: m.nameZh }) })),
        detail: { missing },
      });
    }
    assertTerms(doc);
    addStep(deps, doc, 'submitted', actor, ctx.now);
    const started = performance.now();
    await decide(deps, doc, ctx.now);
    const decidedAt = new Date(ctx.now.getTime() + Math.round(performance.now() - started));
    doc.decidedAt = decidedAt.toISOString();
    addStep(deps, doc, 'decided', actor, decidedAt);
    const d = doc.decision!;
    doc.state = d.outcome === 'approve' ? 'approved' : d.outcome === 'refer' ? 'referred' : 'rejected';
    return save(deps, doc, 'loan.decide', actor, ctx.now, {
      outcome: d.outcome, limitFen: d.limitFen, rateBp: d.rateBp, ruleSetVersion: d.ruleSetVersion, ruleSetDigest: d.ruleSetDigest,
      inputsDigest: d.inputsDigest, reasons: d.reasons.map((r) => r.code),
      // The decision record keeps what was typed beside what the bank's feeds said, for each sourced fact.
      factSources: doc.factSources ?? [],
    });
  });
}

/** A referred application's investigation: approved within the product's limits (never above what was asked), or rejected. */
export async function investigate({ deps }: CreditContext, { id, rev, findings, outcome, limitFen }: In<'loans.investigate'>, ctx: CallContext): Promise<Out<'loans.investigate'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['referred']);
    let granted = 0;
    if (outcome === 'approve') {
      const rs = await deps.reference.ruleSet(doc.productCode, doc.decision!.ruleSetVersion);
      const cap = rs?.ruleSet.models.limit.capFen ?? PRODUCTS[doc.productCode].maxLimitFen;
      granted = limitFen ?? doc.decision!.limitFen;
      if (granted < PRODUCTS[doc.productCode].minLimitFen || granted > cap) {
        throw apiError('VALIDATION', 'credit.investigationLimit', { min: PRODUCTS[doc.productCode].minLimitFen / 100, max: cap / 100 }, {
          fields: [{ path: 'limitFen', key: 'credit.investigationLimit', message: translate('credit.investigationLimit', { min: PRODUCTS[doc.productCode].minLimitFen / 100, max: cap / 100 }) }],
        });
      }
      if (granted > doc.requestedAmountFen) granted = doc.requestedAmountFen;
    }
    doc.investigation = { findings, outcome, limitFen: granted, by: actor.staffNo, byName: actor.name, at: ctx.now.toISOString() };
    doc.state = outcome === 'approve' ? 'approved' : 'rejected';
    addStep(deps, doc, 'investigated', actor, ctx.now);
    return save(deps, doc, 'loan.investigate', actor, ctx.now, { outcome, limitFen: granted, findings });
  });
}

/** The stored decision re-run on the rule-set version it names: identical, and were its inputs and rules left intact. */
export async function replay({ deps }: CreditContext, { id }: In<'loans.replay'>): Promise<Out<'loans.replay'>> {
  const doc = await loadApp(deps, id);
  const d = doc.decision;
  if (!d) throw apiError('CONFLICT', 'credit.notDecided');
  const rs = await deps.reference.ruleSet(d.ruleSetProduct, d.ruleSetVersion);
  if (!rs) throw apiError('NOT_FOUND', 'credit.ruleVersionMissing', { version: d.ruleSetVersion });
  const r = replayDecision(rs.ruleSet, (await deps.reference.lpr()).table, d);
  return {
    identical: r.identical, inputsIntact: r.inputsIntact, ruleSetMatches: r.ruleSetMatches, ruleSetVersion: d.ruleSetVersion,
    stored: { outcome: d.outcome, limitFen: d.limitFen, rateBp: d.rateBp },
    replayed: { outcome: r.replayed.outcome, limitFen: r.replayed.limitFen, rateBp: r.replayed.rateBp, reasons: r.replayed.reasons },
  };
}

import { merchantLimitFacts } from '../../../domain/credit/merchant-flows';
import { PRODUCTS, type DataItem } from '../../../domain/credit/products';
import { actorOf, type Actor } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { importTable } from '../import/table-import';
import { TableReadError } from '../import/table-reader';
import { today, type CallContext, type CreditContext, type CustomerDoc, type In, type Out } from './application-context';
import { applyPatch, documentsOnFile } from './application-facts';
import { addStep, expectState, loadApp, loadCustomer, save, strip } from './application-records';
import { assertAmount, assertOwnPartner } from './application-terms';
import type { ApplicationDoc } from './credit.docs';
import type { FlowsImportResult } from './flows-import';

/** A new application for the customer and product, with the checklist items the customer's file already holds. */
export async function newDraft(
  { deps, newId }: CreditContext, customer: CustomerDoc, productCode: ApplicationDoc['productCode'], actor: Actor, now: Date, renewalOf: string | null,
): Promise<ApplicationDoc> {
  const p = PRODUCTS[productCode];
  const at = now.toISOString();
  const doc: ApplicationDoc = {
    _id: `loanapp:${newId()}`, type: 'loanapp', branch: deps.branch, customerId: customer._id, customerName: customer.name,
    customerKind: customer.kind, productCode, state: 'draft', requestedAmountFen: p.minLimitFen * 5 > p.maxLimitFen ? p.minLimitFen : p.minLimitFen * 5,
    termMonths: Math.min(12, p.maxTermMonths), repaymentMethod: p.repaymentMethods[0]!, collectedData: documentsOnFile(deps, customer._id, p), facts: {}, decision: null,
    decidedAt: null, lprVersion: null, investigation: null, contract: null, faceSign: null, eSign: null, disbursement: null, renewalOf,
    flows: null, ownership: null, steps: [], createdAt: at, createdBy: actor.staffNo, updatedAt: at, updatedBy: actor.staffNo,
  };
  addStep(deps, doc, 'created', actor, now);
  return doc;
}

export async function createDraft(c: CreditContext, { customerId, productCode, patch, partnerCode }: In<'loans.createDraft'>, ctx: CallContext): Promise<Out<'loans.createDraft'>> {
  const { deps } = c;
  const actor = actorOf(ctx);
  if (partnerCode) assertOwnPartner(deps, partnerCode);
  return deps.writes.run(async () => {
    const customer = strip(await loadCustomer(deps, customerId));
    const doc = await newDraft(c, customer, productCode, actor, ctx.now, null);
    if (partnerCode) doc.partnerCode = partnerCode;
    if (patch) await applyPatch(deps, doc, patch, ctx.now);
    return save(deps, doc, 'loan.create', actor, ctx.now, { customerId, productCode, partnerCode: partnerCode ?? null });
  });
}

export async function update({ deps }: CreditContext, { id, rev, patch }: In<'loans.update'>, ctx: CallContext): Promise<Out<'loans.update'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['draft']);
    await applyPatch(deps, doc, patch, ctx.now);
    assertAmount(doc);
    return save(deps, doc, 'loan.update', actor, ctx.now, { ...patch });
  });
}

/** A merchant's payment-flow statement: parsed outside the write queue, its limit facts then merged into the draft. */
export async function importFlows({ deps }: CreditContext, { id, rev, fileName, contentBase64 }: In<'loans.importFlows'>, ctx: CallContext): Promise<Out<'loans.importFlows'>> {
  const actor = actorOf(ctx);
  let flows: FlowsImportResult;
  try {
    // Parsed in a worker thread within row, size, memory and time limits: the host keeps serving meanwhile.
    const file = Buffer.from(contentBase64, 'base64');
    flows = await importTable('merchant-flows', new Uint8Array(file.buffer, file.byteOffset, file.length), { asOf: today(ctx.now) });
  } catch (err) {
    if (err instanceof TableReadError) throw apiError('VALIDATION', 'credit.flowsEmpty', { reason: err.messageZh, reasonEn: err.messageEn ?? err.messageZh });
    throw err;
  }
  if (flows.rows === 0) {
    const first = flows.errors[0]?.messageZh ?? '文件中没有交易记录';
    throw apiError('VALIDATION', 'credit.flowsEmpty', { reason: first, reasonEn: first }, { detail: { errors: flows.errors } });
  }
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['draft']);
    const { analysis } = flows;
    doc.flows = { fileName, importedAt: ctx.now.toISOString(), rows: flows.rows, errors: flows.errors, analysis };
    const collected: DataItem[] = doc.collectedData.includes('merchant-flows') ? doc.collectedData : [...doc.collectedData, 'merchant-flows'];
    await applyPatch(deps, doc, { collectedData: collected }, ctx.now);
    return save(deps, doc, 'loan.importFlows', actor, ctx.now, { fileName, rows: flows.rows, errors: flows.errorCount, ...merchantLimitFacts(analysis) });
  });
}

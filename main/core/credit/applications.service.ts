import { performance } from 'node:perf_hooks';
import { monotonicFactory } from 'ulid';
import type { Database } from '../../../db/sqlite';
import { allowedFacts, FACTS_BY_ITEM, type FactKey } from '../../../domain/credit/collection';
import { addMonthsClamped, ageOn } from '../../../domain/credit/dates';
import { LprUnavailableError } from '../../../domain/credit/lpr';
import { merchantLimitFacts } from '../../../domain/credit/merchant-flows';
import { missingData, PRODUCTS, type DataItem, type ProductCode } from '../../../domain/credit/products';
import {
  digestOf,
  evaluateApplication,
  evaluateRenewal,
  replayDecision,
  videoScriptOf,
  type ApplicantFacts,
  type ApplicationInput,
  type LoanState,
} from '../../../domain/credit/rules';
import { buildSchedule } from '../../../domain/credit/schedule';
import type { CustomerFields } from '../../../domain/customers/customer';
import { validateResidentId } from '../../../domain/identity/resident-id';
import { translate } from '../../../i18n/translate';
import { actorOf, type Actor, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { AuditLog } from '../audit/audit-log';
import type { CoreEvents } from '../events';
import type { WriteQueue } from '../write-queue';
import { contractHtml } from './contract-html';
import type { creditContract, ApplicationPatch, ApplicationView, LoanView, StepName, VideoSignatureReceipt } from './credit.contract';
import type { ApplicationDoc, LoanDoc, RecordingDoc } from './credit.docs';
import { findCoreBankingLoan, loanState, type CoreBankingLoan } from './core-banking-loan';
import { bankFeedFigures } from './bank-facts';
import { BANK_FACT_KEYS, factsForModels, resolveBankFacts } from '../../../domain/credit/bank-facts';
import { grantedFen } from './credit.projection';
import { creditQueries } from './credit.queries';
import type { FlowsImportResult } from './flows-import';
import { importTable } from '../import/table-import';
import { TableReadError } from '../import/table-reader';
import { documentsOf } from '../documents/documents.projection';
import { formatYuan } from '../../../domain/credit/money-format';
import { ownershipGraph, ownershipView } from './ownership.service';
import type { ReferenceStore } from './reference-store';
import { checkDisbursement, type DisbursementCheckDeps } from './disbursement-check';
import type { TrustRoot } from '../../../trust/trust-root';
import { verifyDoc } from '../../../trust/signature';
import { readFaceSnapshot, readRecording, recordingDoc } from './face-sign-recording';
import { partnerCodeBranch } from '../../../domain/value/partners';
import { tabletSignatureProblems, type TabletSignature } from '../../../domain/video/tablet-signature';

type AppMethods =
  | 'loans.createDraft' | 'loans.get' | 'loans.list' | 'loans.update' | 'loans.submit' | 'loans.queue' | 'loans.investigate'
  | 'loans.generateContract' | 'loans.contractHtml' | 'loans.faceSign' | 'loans.eSign' | 'loans.disburse' | 'loans.replay'
  | 'loans.importFlows' | 'loans.history' | 'loans.loanList' | 'loans.getLoan' | 'loans.checkRenewal' | 'loans.startRenewal'
  | 'credit.ownership' | 'loans.recording' | 'loans.faceSnapshot';
type AppContract = Pick<typeof creditContract, AppMethods>;

export interface CreditDeps extends DisbursementCheckDeps {
  pouch: PouchDB.Database<object>;
  sql: Database;
  audit: AuditLog;
  writes: WriteQueue;
  events: CoreEvents;
  branch: string;
  branchName: string;
  device: string;
  reference: ReferenceStore;
  /** Head office's trust root: a video-signing receipt counts only when head office signed it. */
  trust: TrustRoot | null;
}

type CustomerDoc = CustomerFields & { _id: string; type: 'customer' };

/** The number core banking knows the customer by: the ID number, or an enterprise's unified social credit code. */
const customerIdNo = (c: CustomerFields): string | null => (c.kind === 'individual' ? c.idNumber : c.uscc) ?? null;
const DERIVED = new Set<FactKey>(Object.values(FACTS_BY_ITEM).flat().filter((f) => f.derived).map((f) => f.key));
const today = (now: Date) => now.toISOString().slice(0, 10);

export function applicationView(doc: ApplicationDoc & { _conflicts?: string[] }): ApplicationView {
  const { _id, _rev, _conflicts, type: _t, branch: _b, ...rest } = doc;
  const first = doc.steps[0];
  const last = doc.steps[doc.steps.length - 1];
  return {
    ...rest,
    id: _id,
    rev: _rev!,
    missing: missingData(doc.productCode, doc.collectedData),
    totalElapsedMs: first && last ? Date.parse(last.at) - Date.parse(first.at) : 0,
    conflicts: _conflicts ?? [],
  };
}

export function loanView(doc: LoanDoc): LoanView {
  const { _id, _rev, type: _t, branch: _b, overdueDays: _o, historyMaxOverdueDays: _h, historyOverdueTimes: _ht, createdAt: _c, updatedAt: _u, updatedBy: _ub, ...rest } = doc;
  return { ...rest, id: _id, rev: _rev! };
}

/**
 * Facts the customer file already holds, used when the application does not give them: a customer filed as
 * 公职人员 is a civil servant for 金领贷 even when the optional 在职证明 was not collected.
 */
export function fileFacts(customer: CustomerFields): ApplicantFacts {
  return customer.kind === 'individual' && customer.group === 'civil-servant' ? { employerGrade: 'civil-servant' } : {};
}

/** Age and region from the ID the customer file holds (for an enterprise: region from the USCC, age from the legal representative's ID among the shareholders). */
export function identityFacts(customer: CustomerFields, on: string): ApplicantFacts {
  const out: ApplicantFacts = {};
  const personId = customer.kind === 'individual' ? customer.idNumber : customer.shareholders?.find((s) => s.kind === 'person' && s.name === customer.legalRepresentative)?.idNumber;
  if (personId) {
    const id = validateResidentId(personId, new Date(`${on}T12:00:00Z`));
    if (id.ok) {
      out.age = ageOn(id.birthDate, on);
      if (customer.kind === 'individual') out.regionCode = id.regionCode;
    }
  }
  if (customer.kind === 'enterprise' && customer.uscc && /^\d{6}$/.test(customer.uscc.slice(2, 8))) out.regionCode = customer.uscc.slice(2, 8);
  return out;
}

/** The signing from the branch's tablet (tablet-signing.service), outside the API contract. */
export type TabletESign = (args: { id: string; contractDigest: string; tablet: TabletSignature }, actor: Actor, now: Date) => Promise<ApplicationView>;

export function creditHandlers(deps: CreditDeps): Handlers<AppContract> & { tabletESign: TabletESign } {
  const q = creditQueries(deps.sql);
  const newId = monotonicFactory();

  async function getDoc<T>(id: string, what: string): Promise<T & { _conflicts?: string[] }> {
    try {
      return (await deps.pouch.get(id, { conflicts: true })) as unknown as T & { _conflicts?: string[] };
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what });
      throw e;
    }
  }
  const loadApp = (id: string) => getDoc<ApplicationDoc>(id, translate('credit.application'));
  const loadLoan = (id: string) => getDoc<LoanDoc>(id, translate('credit.loan'));
  const loadCustomer = (id: string) => getDoc<CustomerDoc>(id, translate('customer.notFound'));
  /** The loan's core-banking state head office published (core-banking-loan.ts), matched by the customer's ID and the product. */
  async function liveLoan(loan: LoanDoc): Promise<CoreBankingLoan | null> {
    return findCoreBankingLoan(deps.pouch, loan, customerIdNo(await loadCustomer(loan.customerId)));
  }

  function strip<T extends { _conflicts?: string[] }>(doc: T): Omit<T, '_conflicts'> {
    const { _conflicts: _c, ...rest } = doc;
    return rest;
  }

  function expect(doc: ApplicationDoc, rev: string | null, states: ApplicationDoc['state'][]): void {
    if (rev !== null && doc._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
    if (!states.includes(doc.state)) {
      throw apiError('CONFLICT', 'credit.wrongState', {
        state: translate(`credit.state.${doc.state}`),
        expected: states.map((s) => translate(`credit.state.${s}`)).join('、'),
      });
    }
  }

  function addStep(doc: ApplicationDoc, step: StepName, actor: Actor, at: Date): void {
    const prev = doc.steps[doc.steps.length - 1];
    doc.steps.push({
      step, at: at.toISOString(), by: actor.staffNo, byName: actor.name, device: deps.device,
      elapsedMs: prev ? Math.max(0, at.getTime() - Date.parse(prev.at)) : 0,
    });
  }

  /** Every change in one bulkDocs with its audit entry: a change never exists without its record. */
  async function write(docs: (ApplicationDoc | LoanDoc | RecordingDoc)[], action: string, actor: Actor, now: Date, after: Record<string, unknown>): Promise<string[]> {
    const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity: docs[0]!._id, at: now.toISOString(), before: null, after });
    const results = await deps.pouch.bulkDocs([...docs, entry] as object[]);
    const failed = results.find((r) => 'error' in r && r.error);
    if (failed) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    const revs = results.slice(0, docs.length).map((r) => (r as { rev: string }).rev);
    for (const d of docs) if (d.type !== 'loan-recording') deps.events.emit('loan.changed', { id: d._id, state: d.type === 'loanapp' ? d.state : d.status });
    return revs;
  }

  async function save(doc: ApplicationDoc, action: string, actor: Actor, now: Date, after: Record<string, unknown>, extra: (LoanDoc | RecordingDoc)[] = []): Promise<ApplicationView> {
    doc.updatedAt = now.toISOString();
    doc.updatedBy = actor.staffNo;
    const [rev] = await write([doc, ...extra], action, actor, now, after);
    return applicationView({ ...doc, _rev: rev });
  }

  /**
   * Merges typed facts, keeps only those the collected documents allow, and recomputes the derived ones
   * (identity, imported flows, ownership) so no screen can type over a fact the bank computes.
   */
  async function applyPatch(doc: ApplicationDoc, patch: ApplicationPatch, now: Date): Promise<void> {
    if (patch.requestedAmountFen !== undefined) doc.requestedAmountFen = patch.requestedAmountFen;
    if (patch.termMonths !== undefined) doc.termMonths = patch.termMonths;
    if (patch.repaymentMethod !== undefined) doc.repaymentMethod = patch.repaymentMethod;
    if (patch.collectedData !== undefined) doc.collectedData = PRODUCTS[doc.productCode].requiredData.concat(PRODUCTS[doc.productCode].optionalData).filter((i) => patch.collectedData!.includes(i));
    // Facts sent replace the typed ones (so a field can be cleared); derived facts are never taken from the caller.
    const merged: Record<string, unknown> = patch.facts ? {} : { ...doc.facts };
    for (const [k, v] of Object.entries(patch.facts ?? {})) if (!DERIVED.has(k as FactKey)) merged[k] = v;
    const allowed = allowedFacts(doc.collectedData);
    const facts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(merged)) if (allowed.has(k as FactKey) && v !== undefined) facts[k] = v;
    const customer = await loadCustomer(doc.customerId);
    for (const [k, v] of Object.entries(fileFacts(customer))) if (facts[k] === undefined) facts[k] = v;
    if (doc.collectedData.includes('id-card')) Object.assign(facts, identityFacts(customer, today(now)));
    if (!doc.collectedData.includes('merchant-flows')) doc.flows = null;
    else if (doc.flows) Object.assign(facts, merchantLimitFacts(doc.flows.analysis));
    if (doc.collectedData.includes('ownership') && customer.kind === 'enterprise') {
      const g = await ownershipGraph(deps.pouch, deps.sql, doc.customerId);
      const { facts: of, result } = ownershipView(doc.customerId, g, 'integrated');
      Object.assign(facts, of);
      doc.ownership = {
        method: 'integrated', beneficialOwners: result.beneficialOwnerIds.map((id) => g.names.get(id) ?? id),
        actualController: result.actualController ? (g.names.get(result.actualController.personId) ?? null) : null,
        relatedCompanies: result.relatedCompanies.length, hasCycle: result.hasCycle, computedAt: now.toISOString(),
      };
    } else doc.ownership = null;
    doc.facts = facts as ApplicantFacts;
    // Deposits and this bank's overdue record come from head office's feeds, not from what was typed: both kept.
    const figures = await bankFeedFigures(deps.pouch, deps.branch, customerIdNo(customer));
    doc.factSources = resolveBankFacts(doc.facts, figures, today(now), BANK_FACT_KEYS.filter((k) => allowed.has(k))).sources;
  }

  function assertTerms(doc: ApplicationDoc): void {
    const p = PRODUCTS[doc.productCode];
    if (!p.repaymentMethods.includes(doc.repaymentMethod))
      throw apiError('VALIDATION', 'credit.methodNotOffered', { product: p.nameZh, method: translate(`credit.method.${doc.repaymentMethod}`) });
    assertAmount(doc);
  }

  /** A partner code of another branch is refused here and again by head office's server (validation/policy.ts). */
  function assertOwnPartner(code: string): void {
    const branch = partnerCodeBranch(code);
    if (branch === deps.branch) return;
    const params = { code, branch: branch ?? '', own: deps.branch };
    throw apiError('VALIDATION', 'credit.partnerOtherBranch', params, {
      fields: [{ path: 'partnerCode', key: 'credit.partnerOtherBranch', params, message: translate('credit.partnerOtherBranch', params) }],
    });
  }

  /** An amount above the product's maximum is refused on the field, not saved and quietly capped later. */
  function assertAmount(doc: ApplicationDoc): void {
    const p = PRODUCTS[doc.productCode];
    if (doc.requestedAmountFen <= p.maxLimitFen) return;
    const params = { product: p.nameZh, max: formatYuan(p.maxLimitFen) };
    throw apiError('VALIDATION', 'credit.amountOverMax', params, {
      fields: [{ path: 'patch.requestedAmountFen', key: 'credit.amountOverMax', params, message: translate('credit.amountOverMax', params) }],
    });
  }

  /** Checklist items the customer's file already holds: a recognised and accepted ID card or licence. */
  function documentsOnFile(customerId: string, p: (typeof PRODUCTS)[keyof typeof PRODUCTS]): DataItem[] {
    const kept = documentsOf(deps.sql, customerId).filter((d) => d.verdict === 'accepted' || d.verdict === 'corrected');
    const items = new Set<DataItem>();
    for (const d of kept) {
      if (d.kind === 'id-card') items.add('id-card');
      if (d.kind === 'licence') items.add('business-licence');
    }
    return [...p.requiredData, ...p.optionalData].filter((i) => items.has(i));
  }

  async function newDraft(customer: CustomerDoc, productCode: ApplicationDoc['productCode'], actor: Actor, now: Date, renewalOf: string | null): Promise<ApplicationDoc> {
    const p = PRODUCTS[productCode];
    const at = now.toISOString();
    const doc: ApplicationDoc = {
      _id: `loanapp:${newId()}`, type: 'loanapp', branch: deps.branch, customerId: customer._id, customerName: customer.name,
      customerKind: customer.kind, productCode, state: 'draft', requestedAmountFen: p.minLimitFen * 5 > p.maxLimitFen ? p.minLimitFen : p.minLimitFen * 5,
      termMonths: Math.min(12, p.maxTermMonths), repaymentMethod: p.repaymentMethods[0]!, collectedData: documentsOnFile(customer._id, p), facts: {}, decision: null,
      decidedAt: null, lprVersion: null, investigation: null, contract: null, faceSign: null, eSign: null, disbursement: null, renewalOf,
      flows: null, ownership: null, steps: [], createdAt: at, createdBy: actor.staffNo, updatedAt: at, updatedBy: actor.staffNo,
    };
    addStep(doc, 'created', actor, now);
    return doc;
  }

  async function decide(doc: ApplicationDoc, now: Date): Promise<void> {
    const rs = await deps.reference.latestRuleSet(doc.productCode);
    const lpr = await deps.reference.lpr();
    let existingLoan: LoanState | undefined;
    if (doc.renewalOf) {
      const old = await loadLoan(doc.renewalOf);
      existingLoan = loanState(old, today(now), await liveLoan(old));
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

  /**
   * The customer's e-signature: a staff click after an on-site face-to-face; head office's receipt of the signature on
   * the phone (视频面签); or the signature drawn on the branch's tablet after an offline recorded one (tablet, from
   * tablet-signing.service only: the API's schema has no such field).
   */
  async function eSign(
    { id, rev, contractDigest, receipt, tablet }: { id: string; rev: string | null; contractDigest: string; receipt?: VideoSignatureReceipt; tablet?: TabletSignature },
    actor: Actor,
    now: Date,
  ): Promise<ApplicationView> {
    /**
     * The risk notice the customer confirmed is the product's, word for word, as the rule-set version the receipt
     * names publishes it (head office signed the receipt, but the room was opened from a branch).
     */
    const checkVideoScript = async (r: VideoSignatureReceipt, product: ProductCode) => {
      const rules = r.ruleSet.product === product ? await deps.reference.ruleSet(product, r.ruleSet.version) : null;
      const notice = rules && rules.digest === r.ruleSet.digest ? videoScriptOf(rules.ruleSet).riskNotice : null;
      const confirmed = r.session.confirmations.map((c) => c.text);
      if (!notice || notice.length !== confirmed.length || notice.some((text, i) => text !== confirmed[i])) {
        throw apiError('VALIDATION', 'credit.videoScriptMismatch', { version: r.ruleSet.version });
      }
    };
    return deps.writes.run(async () => {
      const doc = strip(await loadApp(id));
      expect(doc, rev, ['face-signed']);
      // The customer signs the terms on screen; a signature for other terms (changed since shown) is refused.
      if (doc.contract!.digest !== contractDigest) throw apiError('CONFLICT', 'credit.contractChanged');
      if (receipt) {
        // The customer's own signature from the phone: it counts only as head office signed it, for this loan and
        // these terms. A branch device cannot make such a receipt.
        const genuine = !!deps.trust && verifyDoc(receipt, deps.trust);
        if (!genuine || receipt.applicationId !== id) throw apiError('VALIDATION', 'credit.videoReceiptInvalid');
        if (receipt.contractDigest !== doc.contract!.digest) throw apiError('CONFLICT', 'credit.contractChanged');
        // The face head office saw with the ID card is the one kept on the loan (loans.videoComplete brings both).
        const face = receipt.session.faceSnapshotDigest;
        if (face && doc.faceSign?.recording?.faceSnapshot?.digest !== face) throw apiError('CONFLICT', 'credit.videoFaceMissing');
        await checkVideoScript(receipt, doc.productCode);
      } else if (tablet) {
        const problems = tabletSignatureProblems(tablet, { applicationId: id, contractDigest: doc.contract!.digest, recordingDigest: doc.faceSign?.recording?.digest ?? null });
        if (problems.includes('contract')) throw apiError('CONFLICT', 'credit.contractChanged');
        if (problems.length > 0) throw apiError('CONFLICT', 'credit.tabletRecordingChanged');
      } else if (doc.faceSign?.mode === 'recorded') {
        // A recorded face-to-face is signed by the customer (phone or tablet), never by a staff click on her behalf.
        throw apiError('CONFLICT', 'credit.tabletSignatureRequired');
      }
      doc.eSign = {
        signer: doc.customerName, contractDigest, at: receipt?.signedAt ?? tablet?.signedAt ?? now.toISOString(), by: actor.staffNo,
        ...(receipt ? { video: receipt } : {}),
        ...(tablet ? { tablet } : {}),
      };
      doc.state = 'e-signed';
      addStep(doc, 'e-signed', actor, now);
      return save(doc, 'loan.eSign', actor, now, receipt
        ? { contractDigest, mode: 'video', signatureDigest: receipt.signatureDigest, recordingDigest: receipt.recordingDigest }
        : tablet
          ? { contractDigest, mode: 'tablet', signatureDigest: tablet.signatureDigest, recordingDigest: tablet.recordingDigest, pairedAt: tablet.pairedAt, tabletAddress: tablet.tabletAddress }
          : { contractDigest });
    });
  }

  return {
    tabletESign: ({ id, contractDigest, tablet }, actor, now) => eSign({ id, rev: null, contractDigest, tablet }, actor, now),

    'loans.createDraft': async ({ customerId, productCode, patch, partnerCode }, ctx) => {
      const actor = actorOf(ctx);
      if (partnerCode) assertOwnPartner(partnerCode);
      return deps.writes.run(async () => {
        const customer = strip(await loadCustomer(customerId));
        const doc = await newDraft(customer, productCode, actor, ctx.now, null);
        if (partnerCode) doc.partnerCode = partnerCode;
        if (patch) await applyPatch(doc, patch, ctx.now);
        return save(doc, 'loan.create', actor, ctx.now, { customerId, productCode, partnerCode: partnerCode ?? null });
      });
    },

    'loans.get': async ({ id }) => applicationView(await loadApp(id)),

    'loans.list': async ({ filter, customerId, limit }) => q.list(filter, customerId, limit),

    'loans.update': async ({ id, rev, patch }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['draft']);
        await applyPatch(doc, patch, ctx.now);
        assertAmount(doc);
        return save(doc, 'loan.update', actor, ctx.now, { ...patch });
      });
    },

    'loans.submit': async ({ id, rev }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['draft']);
        // Derived facts may have changed since the draft was saved (a birthday, a new import): recompute first.
        await applyPatch(doc, {}, ctx.now);
        const missing = missingData(doc.productCode, doc.collectedData);
        if (missing.length) {
          const items = missing.map((m) => m.nameZh).join('、');
          throw apiError('VALIDATION', 'credit.missingData', { items }, {
            fields: missing.map((m) => ({ path: `collectedData.${m.item}`, key: 'credit.missingItem', params: { item: m.nameZh }, message: translate('credit.missingItem', { item: m.nameZh }) })),
            detail: { missing },
          });
        }
        assertTerms(doc);
        addStep(doc, 'submitted', actor, ctx.now);
        const started = performance.now();
        await decide(doc, ctx.now);
        const decidedAt = new Date(ctx.now.getTime() + Math.round(performance.now() - started));
        doc.decidedAt = decidedAt.toISOString();
        addStep(doc, 'decided', actor, decidedAt);
        const d = doc.decision!;
        doc.state = d.outcome === 'approve' ? 'approved' : d.outcome === 'refer' ? 'referred' : 'rejected';
        return save(doc, 'loan.decide', actor, ctx.now, {
          outcome: d.outcome, limitFen: d.limitFen, rateBp: d.rateBp, ruleSetVersion: d.ruleSetVersion, ruleSetDigest: d.ruleSetDigest,
          inputsDigest: d.inputsDigest, reasons: d.reasons.map((r) => r.code),
          // The decision record keeps what was typed beside what the bank's feeds said, for each sourced fact.
          factSources: doc.factSources ?? [],
        });
      });
    },

    'loans.queue': async () => q.referred(),

    'loans.investigate': async ({ id, rev, findings, outcome, limitFen }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['referred']);
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
        addStep(doc, 'investigated', actor, ctx.now);
        return save(doc, 'loan.investigate', actor, ctx.now, { outcome, limitFen: granted, findings });
      });
    },

    'loans.generateContract': async ({ id, rev, startDate }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['approved']);
        const d = doc.decision!;
        const principal = grantedFen(doc);
        const start = startDate ?? today(ctx.now);
        const amortizing = doc.repaymentMethod !== 'revolving';
        const schedule = amortizing
          ? buildSchedule({ method: doc.repaymentMethod as Exclude<typeof doc.repaymentMethod, 'revolving'>, principalFen: principal, annualRateBp: d.rateBp, months: doc.termMonths, startDate: start })
          : null;
        const terms = {
          principalFen: principal, rateBp: d.rateBp, lprBp: d.lprBp, spreadBp: d.rateBp - d.lprBp, termMonths: doc.termMonths, method: doc.repaymentMethod,
          startDate: start, maturityDate: addMonthsClamped(start, doc.termMonths), instalments: schedule?.instalments ?? [], totals: schedule?.totals ?? null,
        };
        const no = `JW${deps.branch}${start.replace(/-/g, '')}${doc._id.slice(-6)}`;
        doc.contract = { no, ...terms, digest: digestOf({ no, customerId: doc.customerId, ...terms }), generatedAt: ctx.now.toISOString(), generatedBy: actor.staffNo };
        doc.state = 'contracted';
        addStep(doc, 'contracted', actor, ctx.now);
        return save(doc, 'loan.contract', actor, ctx.now, { contractNo: no, principalFen: principal, rateBp: d.rateBp, digest: doc.contract.digest });
      });
    },

    'loans.contractHtml': async ({ id }) => {
      const doc = await loadApp(id);
      if (!doc.contract) throw apiError('CONFLICT', 'credit.noContract');
      return { html: contractHtml(doc, deps.branchName) };
    },

    'loans.faceSign': async ({ id, rev, note, recording }, ctx) => {
      const actor = actorOf(ctx);
      // Checked before the write queue: hashing a few megabytes of video need not hold up other writers.
      const recorded = recording
        ? recordingDoc(recording, { id: `loan-recording:${newId()}`, branch: deps.branch, applicationId: id, now: ctx.now, staffNo: actor.staffNo, device: deps.device })
        : null;
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['contracted']);
        const mode = recorded ? 'recorded' : 'on-site';
        doc.faceSign = { mode, note, at: ctx.now.toISOString(), by: actor.staffNo, byName: actor.name, ...(recorded ? { recording: recorded.ref } : {}) };
        doc.state = 'face-signed';
        addStep(doc, 'face-signed', actor, ctx.now);
        // The recording, the application and the audit entry with the recording's SHA-256 are one bulkDocs.
        return save(doc, 'loan.faceSign', actor, ctx.now, {
          mode, note, ...(recorded ? { recordingId: recorded.ref.id, recordingDigest: recorded.ref.digest, recordingBytes: recorded.ref.bytes } : {}),
          ...(recorded?.ref.faceSnapshot ? { faceSnapshotDigest: recorded.ref.faceSnapshot.digest } : {}),
        }, recorded ? [recorded.doc] : []);
      });
    },

    'loans.recording': async ({ id }) => readRecording(deps.pouch, id),
    'loans.faceSnapshot': async ({ id }) => readFaceSnapshot(deps.pouch, id),

    'loans.eSign': async ({ id, rev, contractDigest, receipt }, ctx) => eSign({ id, rev, contractDigest, receipt }, actorOf(ctx), ctx.now),

    'loans.disburse': async ({ id, rev, accountNo, checker: checkerInput }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['e-signed']);
        const { checker } = await checkDisbursement(deps, { app: doc, accountNo, maker: actor, checker: checkerInput, address: ctx.address });
        const c = doc.contract!;
        const at = ctx.now.toISOString();
        const extra: LoanDoc[] = [];
        let renewalsSoFar = 0;
        if (doc.renewalOf) {
          const old = strip(await loadLoan(doc.renewalOf));
          renewalsSoFar = old.renewalsSoFar + 1;
          extra.push({ ...old, status: 'renewed', balanceFen: 0, renewedBy: null, updatedAt: at, updatedBy: actor.staffNo });
        }
        const loan: LoanDoc = {
          _id: `loan:${newId()}`, type: 'loan', branch: deps.branch, applicationId: doc._id, customerId: doc.customerId, customerName: doc.customerName,
          productCode: doc.productCode, principalFen: c.principalFen, balanceFen: c.principalFen, rateBp: c.rateBp, termMonths: c.termMonths,
          method: c.method, startDate: c.startDate, maturityDate: c.maturityDate, status: 'active', renewalsSoFar, contractNo: c.no,
          instalments: c.instalments, overdueDays: 0, historyMaxOverdueDays: 0, historyOverdueTimes: 0, lastRenewalCheck: null, renewedBy: null,
          disbursedAt: at, createdAt: at, updatedAt: at, updatedBy: actor.staffNo,
        };
        for (const old of extra) old.renewedBy = loan._id;
        doc.disbursement = { loanId: loan._id, amountFen: c.principalFen, accountNo, at, by: actor.staffNo, checkedBy: checker.staffNo, checkedByName: checker.name };
        doc.state = 'disbursed';
        addStep(doc, 'disbursed', actor, ctx.now);
        return save(doc, 'loan.disburse', actor, ctx.now, { loanId: loan._id, amountFen: c.principalFen, accountNo, checkedBy: checker.staffNo }, [loan, ...extra]);
      });
    },

    'loans.replay': async ({ id }) => {
      const doc = await loadApp(id);
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
    },

    'loans.importFlows': async ({ id, rev, fileName, contentBase64 }, ctx) => {
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
        const doc = strip(await loadApp(id));
        expect(doc, rev, ['draft']);
        const { analysis } = flows;
        doc.flows = { fileName, importedAt: ctx.now.toISOString(), rows: flows.rows, errors: flows.errors, analysis };
        const collected: DataItem[] = doc.collectedData.includes('merchant-flows') ? doc.collectedData : [...doc.collectedData, 'merchant-flows'];
        await applyPatch(doc, { collectedData: collected }, ctx.now);
        return save(doc, 'loan.importFlows', actor, ctx.now, { fileName, rows: flows.rows, errors: flows.errorCount, ...merchantLimitFacts(analysis) });
      });
    },

    'loans.history': async ({ id }) => (await deps.audit.history(id)).map((r) => ({
      at: r.at, actor: r.actor, actorName: r.actorName, device: r.device, action: r.action, integrity: r.integrity,
      recordingDigest: typeof r.after?.recordingDigest === 'string' ? r.after.recordingDigest : null,
      faceSnapshotDigest: typeof r.after?.faceSnapshotDigest === 'string' ? r.after.faceSnapshotDigest : null,
      signatureDigest: typeof r.after?.signatureDigest === 'string' ? r.after.signatureDigest : null,
    })),

    'loans.loanList': async ({ customerId, status, limit }) => q.loans(customerId, status, limit),

    'loans.getLoan': async ({ id }) => loanView(strip(await loadLoan(id))),

    'loans.checkRenewal': async ({ id, rev, asOf }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const loan = strip(await loadLoan(id));
        if (loan._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
        if (loan.status !== 'active') throw apiError('CONFLICT', 'credit.loanNotActive');
        const app = await loadApp(loan.applicationId);
        const rs = await deps.reference.latestRuleSet(loan.productCode);
        const live = await liveLoan(loan);
        const result = evaluateRenewal(rs.ruleSet, loanState(loan, asOf ?? today(ctx.now), live), app.facts as Record<string, number | string | boolean>);
        loan.lastRenewalCheck = { ...result, at: ctx.now.toISOString(), by: actor.staffNo, coreAccount: live?.account ?? null };
        loan.updatedAt = ctx.now.toISOString();
        loan.updatedBy = actor.staffNo;
        const [newRev] = await write([loan], 'loan.renewalCheck', actor, ctx.now, { outcome: result.outcome, ruleSetVersion: result.ruleSetVersion, reasons: result.reasons.map((r) => r.code) });
        return loanView({ ...loan, _rev: newRev });
      });
    },

    'loans.startRenewal': async ({ id }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const loan = strip(await loadLoan(id));
        if (loan.status !== 'active') throw apiError('CONFLICT', 'credit.loanNotActive');
        if (loan.lastRenewalCheck?.outcome === 'ineligible') throw apiError('CONFLICT', 'credit.renewalIneligible');
        const app = strip(await loadApp(loan.applicationId));
        const customer = strip(await loadCustomer(loan.customerId));
        const doc = await newDraft(customer, loan.productCode, actor, ctx.now, loan._id);
        await applyPatch(doc, {
          requestedAmountFen: loan.principalFen, termMonths: loan.termMonths, repaymentMethod: loan.method,
          collectedData: app.collectedData, facts: app.facts,
        }, ctx.now);
        return save(doc, 'loan.renewalStart', actor, ctx.now, { renewalOf: loan._id });
      });
    },

    'credit.ownership': async ({ customerId, method }) => {
      const g = await ownershipGraph(deps.pouch, deps.sql, customerId);
      return ownershipView(customerId, g, method).view;
    },
  };
}

export type { CallContext };

import { BANK_FACT_KEYS, resolveBankFacts } from '../../../domain/credit/bank-facts';
import { allowedFacts, FACTS_BY_ITEM, type FactKey } from '../../../domain/credit/collection';
import { ageOn } from '../../../domain/credit/dates';
import { merchantLimitFacts } from '../../../domain/credit/merchant-flows';
import { PRODUCTS, type DataItem } from '../../../domain/credit/products';
import type { ApplicantFacts } from '../../../domain/credit/rules';
import type { CustomerFields } from '../../../domain/customers/customer';
import { validateResidentId } from '../../../domain/identity/resident-id';
import { documentsOf } from '../documents/documents.projection';
import { customerIdNo, today, type CreditDeps } from './application-context';
import { loadCustomer } from './application-records';
import { bankFeedFigures } from './bank-facts';
import type { ApplicationPatch } from './credit.contract';
import type { ApplicationDoc } from './credit.docs';
import { ownershipGraph, ownershipView } from './ownership.service';

const DERIVED = new Set<FactKey>(Object.values(FACTS_BY_ITEM).flat().filter((f) => f.derived).map((f) => f.key));

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

/** Checklist items the customer's file already holds: a recognised and accepted ID card or licence. */
export function documentsOnFile(deps: CreditDeps, customerId: string, p: (typeof PRODUCTS)[keyof typeof PRODUCTS]): DataItem[] {
  const kept = documentsOf(deps.sql, customerId).filter((d) => d.verdict === 'accepted' || d.verdict === 'corrected');
  const items = new Set<DataItem>();
  for (const d of kept) {
    if (d.kind === 'id-card') items.add('id-card');
    if (d.kind === 'licence') items.add('business-licence');
  }
  return [...p.requiredData, ...p.optionalData].filter((i) => items.has(i));
}

/**
 * Merges typed facts, keeps only those the collected documents allow, and recomputes the derived ones
 * (identity, imported flows, ownership) so no screen can type over a fact the bank computes.
 */
export async function applyPatch(deps: CreditDeps, doc: ApplicationDoc, patch: ApplicationPatch, now: Date): Promise<void> {
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
  const customer = await loadCustomer(deps, doc.customerId);
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

import { z } from 'zod';
import { customerValueFields, offerResponseFields, vipListFields } from '../../../domain/value/customer-value-doc';
import { marketingTaskFields } from '../../../domain/value/marketing-task';
import { partnerFields, partnerStatementFields } from '../../../domain/value/partners';
import { pointsSummaryFields } from '../../../domain/value/points-summary';
import { signatureSchema } from '../../../trust/signature';
import { docMeta } from './common';

/** Head office only (validation/policy.ts HEAD_OFFICE_WRITES) and signed by head office: a customer's tier, rights and points. */
export const customerValueDoc = z.looseObject({ ...docMeta, ...customerValueFields, sig: signatureSchema });

/** Head office only and signed: a branch's VIP digests for its queue device. */
export const vipListDoc = z.looseObject({ ...docMeta, ...vipListFields, sig: signatureSchema });

/** Branch-written: a customer's answer to the offer head office made them (conversion per segment and channel). */
export const offerResponseDoc = z.looseObject({ ...docMeta, ...offerResponseFields });

/** Head office only and signed: a branch's monthly partner commission statement (精微易享), its partners ranked. */
export const partnerStatementDoc = z.looseObject({ ...docMeta, ...partnerStatementFields, sig: signatureSchema });

/** Head office only and signed: a branch's points issued, redeemed, expired and returned per month (T+1). */
export const pointsSummaryDoc = z.looseObject({ ...docMeta, ...pointsSummaryFields, sig: signatureSchema });

/**
 * Branch-written (the branch head assigns, the customer manager records the outcome; head office may write one into
 * the branch's database too): a 点亮侯马 marketing task. It grants nothing, so no signature.
 */
export const marketingTaskDoc = z.looseObject({ ...docMeta, ...marketingTaskFields });

/**
 * Branch-written: a partner (合伙人) the branch head or a customer manager enrolled. Its code must be of the branch
 * whose database it is written to (validation/policy.ts partnerCodeViolation); head office counts it in that
 * branch's commission statement.
 */
export const partnerDoc = z.looseObject({ ...docMeta, ...partnerFields });

import { z } from 'zod';
import { docMeta, isoUtc, required } from './common';

const fen = z.int().min(0);
const products = z.enum(['farmer', 'harvest', 'merchant', 'gold-collar', 'salary', 'inclusive', 'enterprise']);

/** Loan applications carry the decision evidence; the server checks the envelope and the money fields. */
export const loanApplicationDoc = z.looseObject({
  ...docMeta,
  type: z.literal('loanapp'),
  branch: required(16),
  customerId: z.string().startsWith('customer:'),
  productCode: products,
  state: required(40),
  requestedAmountFen: fen,
  termMonths: z.int().min(1).max(360),
  steps: z.array(z.looseObject({})),
  createdAt: isoUtc,
  createdBy: required(40),
  updatedAt: isoUtc,
});

export const loanDoc = z.looseObject({
  ...docMeta,
  type: z.literal('loan'),
  branch: required(16),
  applicationId: z.string().startsWith('loanapp:'),
  customerId: z.string().startsWith('customer:'),
  productCode: products,
  principalFen: fen,
  balanceFen: fen,
  rateBp: z.int().min(0).max(10000),
  termMonths: z.int().min(1).max(360),
  status: z.enum(['active', 'renewed', 'closed']),
  instalments: z.array(z.looseObject({})),
  disbursedAt: isoUtc,
});

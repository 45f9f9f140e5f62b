import { z } from 'zod';
import { CLASSIFICATIONS } from '../../../domain/credit/rules/fields';
import { PRODUCT_CODES } from '../../../domain/credit/products';
import { docMeta, isoUtc, required, text } from './common';

const fen = z.int().min(0);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const branch = z.string().regex(/^[A-Z0-9]{2,16}$/);
const staffNo = z.string().regex(/^[A-Z0-9]{3,16}$/);
const account = z.string().regex(/^\d{12,19}$/);
const EVENT_ID = /^risk-event:[A-Z0-9]{2,16}:\d{12,19}:\d{4}-\d{2}-\d{2}:(overdue|warning|downgrade)(:[a-z0-9-]{1,40})?$/;

/**
 * Head office only: a live loan as core banking's feeds and head office's daily scan see it, one per loan, written
 * when it changes (an overdue loan's `overdueSince` stays put while its days grow, so it is not rewritten daily).
 */
export const loanStateDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^loan-state:\d{12,19}$/),
  type: z.literal('loan-state'),
  branch,
  account,
  idNo: z.string().regex(/^[0-9A-Z]{18}$/),
  name: required(60),
  product: z.enum(PRODUCT_CODES),
  manager: staffNo,
  principalFen: fen,
  balanceFen: fen,
  overdueFen: fen,
  overdueSince: day.nullable(),
  classification: z.enum(CLASSIFICATIONS),
  warningLevel: z.enum(['none', 'low', 'medium', 'high']),
  signals: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(20),
  nextDueDate: day.nullable(),
  maturityDate: day,
  rateBp: z.int().min(0).max(10000),
  status: z.enum(['active', 'closed']),
  /** Month-end classes and balances, newest last (the event detail's history, the migration matrix). */
  history: z.array(z.object({ m: z.string().regex(/^\d{4}-\d{2}$/), c: z.enum(CLASSIFICATIONS), b: fen })).max(24),
  /** Overdue episodes and the longest overdue (null: the current one), for the renewal model (optional: older documents). */
  overdueTimes: z.int().min(0).optional(),
  maxOverdueDays: z.int().min(0).nullable().optional(),
});

/** Head office only: a risk event the daily scan raised, with its dispatch, escalation and closure. */
export const riskEventDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(EVENT_ID),
  type: z.literal('risk-event'),
  branch,
  account,
  name: required(60),
  manager: staffNo,
  cause: z.enum(['overdue', 'warning', 'downgrade']),
  signal: z.string().regex(/^[a-z0-9-]{1,40}$/).nullable(),
  classFrom: z.enum(CLASSIFICATIONS).nullable(),
  classTo: z.enum(CLASSIFICATIONS).nullable(),
  message: required(200),
  overdueDays: z.int().min(0),
  raisedOn: day,
  queue: z.enum(['branch', 'risk']),
  deadline: day,
  escalatedOn: day.nullable(),
  status: z.enum(['open', 'closed']),
  closedOn: day.nullable(),
  /** 'feed' when core banking's data showed the cause gone, else the staff number who closed it. */
  closedBy: z.string().regex(/^(feed|[A-Z0-9]{3,16})$/).nullable(),
  closeReason: text(200).nullable(),
  updatedOn: day,
  /** The risk department's assignment (风险管理部集中处理), absent while dispatch alone decides. */
  handler: staffNo.optional(),
  handlerName: required(40).optional(),
  assignedOn: day.optional(),
});

export const RISK_ACTION_KINDS = ['visit', 'call', 'promise', 'restructure', 'legal', 'close', 'opt-out', 'message'] as const;

/**
 * Written by the branch: what staff did about an event (visit, call, promise to pay, restructuring or legal
 * proposal, a close with its reason, the customer's opt-out from messages, a standard script sent through head
 * office's outbox — `message`, with its stage and script version); evidence photos travel as attachments. Head
 * office reads them back.
 */
export const riskActionDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^risk-action:[0-9A-Z]{26}$/),
  type: z.literal('risk-action'),
  branch,
  event: z.string().regex(EVENT_ID),
  kind: z.enum(RISK_ACTION_KINDS),
  note: required(500),
  promiseDate: day.nullable(),
  promiseAmountFen: fen.nullable(),
  at: isoUtc,
  by: staffNo,
  byName: required(40),
  stage: z.enum(['warning', 'early', 'mid', 'late']).optional(),
  scriptVersion: z.int().min(1).optional(),
});

/** Head office only: a customer's reply to a collection message (WeCom callback), recorded against its event. */
export const riskReplyDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^risk-reply:[A-Za-z0-9-]{1,64}$/),
  type: z.literal('risk-reply'),
  branch,
  event: z.string().regex(EVENT_ID),
  text: required(500),
  at: isoUtc,
  channel: z.string().regex(/^[a-z0-9-]{1,20}$/),
});

/** Head office only: a customer's average daily deposit balance of a complete month (domain/credit/bank-facts.ts). */
export const customerFactsDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^customer-facts:[0-9a-f]{32}$/),
  type: z.literal('customer-facts'),
  branch,
  depositMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  depositAvgDailyFen: fen,
});

/** Head office only, one per branch: the day of the last loans file the branch's `loan-state` documents reflect. */
export const feedStatusDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^feed-status:[A-Z0-9]{2,16}$/),
  type: z.literal('feed-status'),
  branch,
  loansAsOf: day,
});

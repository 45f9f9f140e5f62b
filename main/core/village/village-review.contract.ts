import { z } from 'zod';
import { INTEGRITY_GRADES, type ReviewOutcome, type ReviewScore } from '../../../domain/village/review';
import { method } from '../api/method';
import type { ReviewSeat } from './village.docs';

const reviewId = z.string().regex(/^village-review:[0-9A-HJKMNP-TV-Z]{26}$/);
const householdId = z.string().regex(/^household:[0-9a-f]{32}$/);

export interface ReviewHousehold {
  id: string;
  householdNo: string;
  group: string;
  headName: string;
  preCreditFen: number;
}

/** A round as the desk shows it: while open, who has handed in (never what); once closed, every score and the outcome. */
export interface ReviewRound {
  id: string;
  village: string;
  round: number;
  previousRoundId: string | null;
  status: 'open' | 'closed';
  rulesVersion: number;
  quorum: number;
  panel: (Omit<ReviewSeat, 'codeDigest'> & { submitted: boolean })[];
  households: ReviewHousehold[];
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  /** Closed rounds only: per household, the outcome and each seat's score (null where a seat gave none). */
  results: { outcome: ReviewOutcome; scores: (ReviewScore | null)[] }[] | null;
  /** The branch head's 批量授信 of this round, once made: per household (in `households` order) the granted limit or the refusal. */
  approval: (BatchApproval & { rateBp: number; termMonths: number; approvedByName: string; decisions: ({ limitFen: number; exception: string | null } | { refused: string } | null)[] }) | null;
}

export interface OpenedRound {
  round: ReviewRound;
  /** Each seat's code, shown once to be handed to the panel member (printed slips); only digests are kept. */
  codes: { seat: number; name: string; code: string }[];
}

const score = z.object({
  householdId,
  integrity: z.enum(INTEGRITY_GRADES),
  recommend: z.boolean(),
  suggestedLimitFen: z.int().min(0).max(100_000_000),
  reasons: z.string().trim().max(200),
});

export interface BatchApproval {
  id: string;
  village: string;
  reviewId: string;
  granted: number;
  grantedFen: number;
  refused: number;
  expiresOn: string;
}

export const villageReviewContract = {
  'village.openReview': method<OpenedRound>()(
    z.object({
      village: z.string().trim().min(1).max(60),
      panel: z.array(z.object({ name: z.string().trim().min(1).max(40), role: z.enum(['cadre', 'elder', 'manager']) })).min(2).max(15),
      /** A second round: the households the given closed round found disputed. */
      previousRoundId: reviewId.optional(),
    }),
    'village.write',
  ),
  'village.review': method<ReviewRound>()(z.object({ id: reviewId }), 'customer.read'),
  'village.reviews': method<Omit<ReviewRound, 'households' | 'results' | 'approval'>[]>()(z.object({ village: z.string().trim().min(1).max(60) }), 'customer.read'),
  'village.submitScores': method<{ seat: number; submitted: number }>()(
    z.object({ id: reviewId, seat: z.int().min(1).max(15), code: z.string().regex(/^\d{6}$/), scores: z.array(score).min(1).max(5000) }),
    'village.write',
  ),
  'village.closeReview': method<ReviewRound>()(z.object({ id: reviewId }), 'village.write'),
  /** 批量授信: the round's passed households at their reviewed limits, and the exceptions one by one (each with a reason). */
  'village.approveBatch': method<BatchApproval>()(
    z.object({
      id: reviewId,
      rateBp: z.int().min(100).max(2_400),
      termMonths: z.int().min(1).max(60),
      exceptions: z
        .array(z.object({ householdId, decision: z.enum(['grant', 'refuse']), limitFen: z.int().min(0).max(100_000_000).default(0), reason: z.string().trim().min(2).max(200) }))
        .max(5000)
        .default([]),
      /** The branch head's own login password, again: sealed to head office as the proof the lines are issued on. */
      password: z.string().min(1).max(200),
    }),
    'loan.approve',
  ),
};

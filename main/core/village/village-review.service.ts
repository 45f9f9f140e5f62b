import type { Handlers } from '../api/handlers';
import { approveBatch } from './village-review-approval';
import type { villageReviewContract } from './village-review.contract';
import type { ReviewContext, VillageReviewDeps } from './village-review-records';
import { closeReview, openReview, review, reviews, submitScores } from './village-review-rounds';

export type { VillageReviewDeps } from './village-review-records';

/**
 * 村组评议, back-to-back: the customer manager opens a round with a panel and hands each member a one-time seat code;
 * each member hands in scores for every household under that code, once; nobody — the customer manager included —
 * can read a score through the API until the round closes, and a handed-in score can never be changed (the score
 * document is append-only on the server). Closing applies head office's published rules to every household.
 */
export function villageReviewHandlers(deps: VillageReviewDeps): Handlers<typeof villageReviewContract> {
  const c: ReviewContext = { deps, wrongCodes: new Map() };
  return {
    'village.openReview': (args, ctx) => openReview(c, args, ctx),
    'village.review': (args) => review(c, args),
    'village.reviews': (args) => reviews(c, args),
    'village.submitScores': (args, ctx) => submitScores(c, args, ctx),
    'village.closeReview': (args, ctx) => closeReview(c, args, ctx),
    'village.approveBatch': (args, ctx) => approveBatch(c, args, ctx),
  };
}

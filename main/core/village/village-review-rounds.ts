import { randomInt, timingSafeEqual } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { aggregateScores, REVIEW_RULES, type ReviewScore } from '../../../domain/village/review';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import { codeDigest, header, loadRound, roundsOf, scoreId, scoresOf, view, write, type In, type Out, type ReviewContext } from './village-review-records';
import type { VillageReviewDoc, VillageReviewScoreDoc } from './village.docs';

const ulid = monotonicFactory();

/** Wrong seat codes before the seat is locked for the rest of the round (a code is 6 digits). */
const MAX_WRONG_CODES = 5;

/**
 * Opens a round on every household of the village (or, after a closed round, on those it left disputed or without
 * quorum) and gives each panel seat its one-time code; only the codes' digests are stored.
 */
export async function openReview({ deps }: ReviewContext, { village, panel, previousRoundId }: In<'village.openReview'>, ctx: CallContext): Promise<Out<'village.openReview'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const rounds = await roundsOf(deps, village);
    if (rounds.some((r) => r.status === 'open')) throw apiError('CONFLICT', 'village.reviewAlreadyOpen');
    let householdIds: string[];
    let round = 1;
    if (previousRoundId) {
      const previous = rounds.find((r) => r._id === previousRoundId);
      if (!previous || previous.status !== 'closed' || !previous.outcomes) throw apiError('VALIDATION', 'village.previousRoundNotClosed');
      householdIds = previous.householdIds.filter((_, i) => previous.outcomes![i]!.status === 'disputed' || previous.outcomes![i]!.status === 'no-quorum');
      round = previous.round + 1;
    } else {
      householdIds = (deps.sql.prepare('SELECT id FROM household_index WHERE village = ? ORDER BY grp, household_no, id').all(village) as { id: string }[]).map((r) => r.id);
    }
    if (householdIds.length === 0) throw apiError('VALIDATION', previousRoundId ? 'village.nothingDisputed' : 'village.noHouseholdsToReview');
    if (householdIds.length > 5000) throw apiError('VALIDATION', 'village.reviewTooLarge');
    const preCredit = deps.sql.prepare(`SELECT id, pre_credit_fen AS fen FROM household_index WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(householdIds)) as { id: string; fen: number }[];
    const fenById = new Map(preCredit.map((r) => [r.id, r.fen]));
    const now = ctx.now.toISOString();
    const id = `village-review:${ulid(ctx.now.getTime())}`;
    const codes = panel.map((p, i) => ({ seat: i + 1, name: p.name, code: String(randomInt(0, 1_000_000)).padStart(6, '0') }));
    const doc: VillageReviewDoc = {
      _id: id, type: 'village-review', branch: deps.branch, village, round, previousRoundId: previousRoundId ?? null, householdIds,
      preCreditFen: householdIds.map((h) => fenById.get(h) ?? 0),
      panel: panel.map((p, i) => ({ seat: i + 1, name: p.name, role: p.role, codeDigest: codeDigest(id, i + 1, codes[i]!.code) })),
      rulesVersion: REVIEW_RULES.version, status: 'open', openedAt: now, openedBy: actor.staffNo, closedAt: null, closedBy: null, outcomes: null,
    };
    const [rev] = await write(deps, [doc], 'village.openReview', id, actor, now, { village, round, households: householdIds.length, panel: panel.map((p) => p.name) });
    return { round: await view(deps, { ...doc, _rev: rev }), codes };
  });
}

export async function review({ deps }: ReviewContext, { id }: In<'village.review'>): Promise<Out<'village.review'>> {
  return view(deps, await loadRound(deps, id));
}

export async function reviews({ deps }: ReviewContext, { village }: In<'village.reviews'>): Promise<Out<'village.reviews'>> {
  const rounds = await roundsOf(deps, village);
  return Promise.all(rounds.map(async (r) => header(r, await scoresOf(deps, r))));
}

/** One seat's scores for every household of an open round, under the seat's code, once. */
export async function submitScores({ deps, wrongCodes }: ReviewContext, { id, seat, code, scores }: In<'village.submitScores'>, ctx: CallContext): Promise<Out<'village.submitScores'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const round = await loadRound(deps, id);
    if (round.status !== 'open') throw apiError('CONFLICT', 'village.reviewClosed');
    const panelSeat = round.panel.find((p) => p.seat === seat);
    if (!panelSeat) throw apiError('VALIDATION', 'village.noSuchSeat');
    const lockKey = `${id}:${seat}`;
    if ((wrongCodes.get(lockKey) ?? 0) >= MAX_WRONG_CODES) throw apiError('FORBIDDEN', 'village.seatLocked');
    const digest = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
    if (!timingSafeEqual(digest(codeDigest(id, seat, code)), digest(panelSeat.codeDigest))) {
      wrongCodes.set(lockKey, (wrongCodes.get(lockKey) ?? 0) + 1);
      throw apiError('FORBIDDEN', 'village.wrongSeatCode');
    }
    if ((await scoresOf(deps, round)).has(seat)) throw apiError('CONFLICT', 'village.alreadyScored');
    const byHousehold = new Map(scores.map((s) => [s.householdId, s]));
    if (byHousehold.size !== scores.length || scores.length !== round.householdIds.length || round.householdIds.some((h) => !byHousehold.has(h))) {
      throw apiError('VALIDATION', 'village.scoresIncomplete', { expected: round.householdIds.length });
    }
    const now = ctx.now.toISOString();
    const doc: VillageReviewScoreDoc = {
      _id: scoreId(id, seat), type: 'village-review-score', branch: deps.branch, reviewId: id, seat,
      scores: round.householdIds.map((h): ReviewScore => {
        const s = byHousehold.get(h)!;
        return { integrity: s.integrity, recommend: s.recommend, suggestedLimitFen: s.recommend ? s.suggestedLimitFen : 0, reasons: s.reasons };
      }),
      at: now, recordedBy: actor.staffNo,
    };
    // The audit entry says that the seat handed in, not what: the scores stay sealed until the round closes.
    await write(deps, [doc], 'village.submitScores', id, actor, now, { seat, name: panelSeat.name, households: scores.length });
    return { seat, submitted: scores.length };
  });
}

/** Closes an open round: head office's published rules applied to the seats' scores for every household. */
export async function closeReview({ deps }: ReviewContext, { id }: In<'village.closeReview'>, ctx: CallContext): Promise<Out<'village.closeReview'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const round = await loadRound(deps, id);
    if (round.status !== 'open') throw apiError('CONFLICT', 'village.reviewClosed');
    const scores = [...(await scoresOf(deps, round)).values()];
    const outcomes = round.householdIds.map((_, i) => aggregateScores(scores.map((s) => s.scores[i]!), round.panel.length, round.preCreditFen[i]!));
    const now = ctx.now.toISOString();
    const closed: VillageReviewDoc = { ...round, status: 'closed', closedAt: now, closedBy: actor.staffNo, outcomes };
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    const [rev] = await write(deps, [closed], 'village.closeReview', id, actor, now, {
      seats: scores.length, passed: count('passed'), disputed: count('disputed'), vetoed: count('vetoed'), refused: count('refused'), noQuorum: count('no-quorum'),
    });
    return view(deps, { ...closed, _rev: rev });
  });
}

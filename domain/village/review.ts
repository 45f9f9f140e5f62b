/**
 * 村组评议 (village-group review), back-to-back: each panel member scores each household without seeing the
 * others; when the round closes, head office's published rules turn the scores into one outcome per household.
 * Pure: the core closes rounds with it, the tests run it, the review sheet prints what it says.
 */

export const INTEGRITY_GRADES = ['A', 'B', 'C', 'D'] as const;
export type IntegrityGrade = (typeof INTEGRITY_GRADES)[number];
export const INTEGRITY_ZH: Record<IntegrityGrade, string> = { A: '优秀', B: '良好', C: '一般', D: '较差' };

/**
 * The published aggregation rules (version below). A later version comes from head office the same way the
 * pre-credit model does; a closed round records the version that decided it.
 */
export const REVIEW_RULES = {
  version: 1,
  /** A household needs scores from at least this share of the panel (basis points, rounded up) and at least `minReviewers`. */
  quorumBp: 6_666,
  minReviewers: 2,
  /** One 较差 (D) integrity rating from any reviewer refuses the household (一票否决). */
  vetoGrade: 'D' as IntegrityGrade,
  /** Recommend yes from at least this share of the scores given passes; at most `refuseShareBp` refuses; between is disputed. */
  passShareBp: 6_667,
  refuseShareBp: 3_333,
  /** Suggested limits differing by more than this share of the highest (basis points) make the household disputed. */
  limitSpreadBp: 5_000,
} as const;
export type ReviewRules = typeof REVIEW_RULES;

export interface ReviewScore {
  integrity: IntegrityGrade;
  recommend: boolean;
  /** What the reviewer thinks the household can carry; 0 when not recommended. */
  suggestedLimitFen: number;
  reasons: string;
}

export type ReviewOutcomeStatus = 'passed' | 'refused' | 'vetoed' | 'disputed' | 'no-quorum';

export const OUTCOME_ZH: Record<ReviewOutcomeStatus, string> = {
  passed: '通过', refused: '未通过', vetoed: '一票否决', disputed: '意见分歧（需第二轮）', 'no-quorum': '评议人数不足',
};

export interface ReviewOutcome {
  status: ReviewOutcomeStatus;
  scores: number;
  recommendYes: number;
  /** The grade most reviewers gave (the worse one on a tie). */
  integrity: IntegrityGrade | null;
  /** Median of the limits suggested by those who recommend, capped by the household's pre-credit; 0 unless passed. */
  limitFen: number;
  /** Why, in Chinese, for the review sheet. */
  notesZh: string[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : Math.floor((s[mid - 1]! + s[mid]!) / 2);
};

function commonGrade(scores: readonly ReviewScore[]): IntegrityGrade | null {
  let best: IntegrityGrade | null = null;
  let bestCount = 0;
  for (const g of INTEGRITY_GRADES) {
    const n = scores.filter((s) => s.integrity === g).length;
    if (n > 0 && n >= bestCount) [best, bestCount] = [g, n];
  }
  return best;
}

/** How many of a panel of `panelSize` must score a household. */
export const quorumOf = (panelSize: number, rules: ReviewRules = REVIEW_RULES): number =>
  Math.max(rules.minReviewers, Math.ceil((panelSize * rules.quorumBp) / 10_000));

/** One household's scores (from one round) → its outcome under the rules. */
export function aggregateScores(scores: readonly ReviewScore[], panelSize: number, preCreditFen: number, rules: ReviewRules = REVIEW_RULES): ReviewOutcome {
  const recommendYes = scores.filter((s) => s.recommend).length;
  const base = { scores: scores.length, recommendYes, integrity: commonGrade(scores), limitFen: 0 };
  const quorum = quorumOf(panelSize, rules);
  if (scores.length < quorum) return { ...base, status: 'no-quorum', notesZh: [`评议${scores.length}人，少于法定人数${quorum}人`] };
  const vetoes = scores.filter((s) => s.integrity === rules.vetoGrade).length;
  if (vetoes > 0) return { ...base, status: 'vetoed', notesZh: [`${vetoes}人评定诚信等级为“${INTEGRITY_ZH[rules.vetoGrade]}”`] };
  const notesZh: string[] = [];
  const yesBp = Math.round((recommendYes * 10_000) / scores.length);
  const split = yesBp < rules.passShareBp && yesBp > rules.refuseShareBp;
  const limits = scores.filter((s) => s.recommend).map((s) => s.suggestedLimitFen);
  const spread = limits.length > 1 && Math.max(...limits) > 0 && ((Math.max(...limits) - Math.min(...limits)) * 10_000) / Math.max(...limits) > rules.limitSpreadBp;
  if (recommendYes > 0 && recommendYes < scores.length) notesZh.push(`${recommendYes}人推荐、${scores.length - recommendYes}人不推荐`);
  if (spread) notesZh.push(`建议额度相差过大（${Math.min(...limits) / 100}元至${Math.max(...limits) / 100}元）`);
  if (split || spread) return { ...base, status: 'disputed', notesZh };
  if (yesBp <= rules.refuseShareBp) return { ...base, status: 'refused', notesZh: notesZh.length ? notesZh : ['评议人均不推荐'] };
  const suggested = median(limits);
  const limitFen = Math.min(suggested, preCreditFen);
  if (limitFen < suggested) notesZh.push(`建议额度中位数${suggested / 100}元，以预授信额度${preCreditFen / 100}元为限`);
  return { ...base, status: 'passed', limitFen, notesZh };
}

import { CLASSIFICATION_NAMES, classificationFloor, classificationRank, earlyWarningOf, type Classification, type LoanState, type RuleSet } from '../credit/rules';
import type { WarningLevel } from '../credit/rules/schema';

/**
 * The daily scan of one loan (head office for every branch, a branch for its own loans): five-category
 * classification, the early-warning model on the day's facts, and the risk events the changes since the previous
 * scan call for. Pure: the same loan and memory always give the same answer, at head office and on a branch PC.
 */

/** What the scan remembers of a loan between days. */
export interface ScanMemory {
  overdueDays: number;
  classification: Classification;
  /** Codes of the warning signals that fired (sorted). */
  signals: string[];
}

export type RiskCause = 'overdue' | 'warning' | 'downgrade';

export interface RaisedEvent {
  cause: RiskCause;
  /** The signal's code for a warning event. */
  signal: string | null;
  from: Classification | null;
  to: Classification | null;
  messageZh: string;
}

export interface LoanScan {
  memory: ScanMemory;
  level: WarningLevel;
  raised: RaisedEvent[];
}

/** Signals that are the overdue or the classification itself: their events are the overdue and downgrade ones. */
const COVERED_SIGNALS = new Set(['overdue-short', 'overdue-medium', 'overdue-long', 'classification-worsened']);

/**
 * 2023 floors by overdue days, and at least 关注 while a high-level warning signal stands (a lawsuit, a new default
 * elsewhere): 《商业银行金融资产风险分类办法》 puts a debtor with such adverse events in 关注 even when current.
 */
export function classify(overdueDays: number, level: WarningLevel): Classification {
  const floor = classificationFloor(overdueDays);
  return level === 'high' && floor === 'normal' ? 'special-mention' : floor;
}

const name = (c: Classification) => CLASSIFICATION_NAMES[c].zh;

/** `facts.classification` is ignored on input: the scan decides it (previousClassification is the memory's). */
export function scanLoan(ruleSet: RuleSet, facts: LoanState, prev: ScanMemory | undefined): LoanScan {
  const warning = earlyWarningOf(ruleSet, { ...facts, classification: classificationFloor(facts.overdueDays), previousClassification: prev?.classification });
  const classification = classify(facts.overdueDays, warning.level);
  const signals = warning.signals.map((s) => s.code).sort();
  const memory: ScanMemory = { overdueDays: facts.overdueDays, classification, signals };
  const raised: RaisedEvent[] = [];
  if (facts.overdueDays > 0 && (prev === undefined || prev.overdueDays === 0)) {
    raised.push({ cause: 'overdue', signal: null, from: null, to: null, messageZh: `贷款逾期${facts.overdueDays}天，逾期金额${(facts.overdueFen / 100).toFixed(2)}元` });
  }
  const before = prev?.classification ?? 'normal';
  if (classificationRank(classification) > classificationRank(before)) {
    raised.push({ cause: 'downgrade', signal: null, from: before, to: classification, messageZh: `五级分类由${name(before)}下调为${name(classification)}` });
  }
  for (const s of warning.signals) {
    if (COVERED_SIGNALS.has(s.code) || prev?.signals.includes(s.code)) continue;
    raised.push({ cause: 'warning', signal: s.code, from: null, to: null, messageZh: s.messageZh });
  }
  return { memory, level: warning.level, raised };
}

export interface EventCause {
  cause: RiskCause;
  signal: string | null;
  from: Classification | null;
}

/** Whether today's scan shows the event's cause gone — then the event closes by itself (the feed showed it). */
export function causeGone(ev: EventCause, now: ScanMemory): boolean {
  switch (ev.cause) {
    case 'overdue':
      return now.overdueDays === 0;
    case 'warning':
      return ev.signal !== null && !now.signals.includes(ev.signal);
    case 'downgrade':
      return ev.from !== null && classificationRank(now.classification) <= classificationRank(ev.from);
  }
}

export const sameMemory = (a: ScanMemory | undefined, b: ScanMemory): boolean =>
  a !== undefined && a.overdueDays === b.overdueDays && a.classification === b.classification && a.signals.join() === b.signals.join();

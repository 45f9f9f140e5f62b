import type { RepaymentMethod } from '../schedule';
import { DEFAULT_RULE_SETS } from './defaults';
import { formatMessage } from './engine';
import type { RuleSet, VideoScript } from './schema';

// The 视频面签 / 视频防伪调查 script of a product, as its published rule set gives it.

/**
 * The rule set's own script; a rule set published before scripts were part of it (its `video` absent) keeps the
 * product's built-in one, which is what version 1 of every product carries.
 */
export function videoScriptOf(ruleSet: RuleSet): VideoScript {
  return ruleSet.video ?? DEFAULT_RULE_SETS[ruleSet.product].video!;
}

/** The contract as the key terms name it. */
export interface ContractTerms {
  no: string;
  principalFen: number;
  rateBp: number;
  termMonths: number;
  method: RepaymentMethod;
  startDate: string;
  maturityDate: string;
}

/** The key terms shown on the customer's phone before signing, in Chinese (the customer's language at the branch). */
export function keyTermLines(script: VideoScript, c: ContractTerms): string[] {
  const params = {
    contractNo: c.no, principalFen: c.principalFen, rateBp: c.rateBp, termMonths: c.termMonths, repaymentMethod: c.method,
    startDate: c.startDate, maturityDate: c.maturityDate,
  };
  return script.keyTerms.map((t) => formatMessage(t.zh, params, 'zh'));
}

import type { RuleSet } from '../../../../domain/credit/rules';

export type Models = RuleSet['models'];
/** Changes the rule set being edited: `fn` mutates a copy of its models. */
export type EditModels = (fn: (m: Models) => void) => void;

/**
 * 精微快贷 domain entry points (pure: no I/O). What the core and the screens call:
 *  - products:       PRODUCTS, missingData / missingDataMessageZh (submission blockers)
 *  - rules:          ruleSetSchema (validate a published rule set), DEFAULT_RULE_SETS,
 *                    evaluateApplication → Decision, evaluateEarlyWarning, evaluateRenewal, replayDecision, dryRun
 *  - lpr:            DEFAULT_LPR_TABLE, lprFor
 *  - schedule:       buildSchedule (等额本息/等额本金/按月付息到期还本), accrueRevolving (随借随还)
 *  - ownership:      penetrate (integrated or simple paths), methodDisagreements, ownershipRiskFacts
 *  - merchant-flows: detectColumns / mapFlowRecord (the file is read by main/core/import), analyzeFlows, merchantLimitFacts
 *  - metrics:        countCredit → creditDashboard (formatted, exact)
 */
export * from './products';
export * from './schedule';
export * from './lpr';
export * from './ownership';
export * from './merchant-flows';
export * from './metrics';
export * from './money-format';
export * from './rules';
export { sampleApplications, healthyLoan } from './rules/sample-applications';
export type { Rational } from './rational';
export { rat, ratToString, toFixed as rationalToFixed } from './rational';

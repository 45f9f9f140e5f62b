// A 富民金领贷 applicant the models approve automatically (civil servant, clean bureau record), for the credit tests
// (unit and E2E: no imports, so Playwright loads it as it is).

/** 侯马市, born 1985-06-12; its check character per GB 11643 (applications.service.test.ts checks it with validId). */
export const GOLD_ID = '141081198506120031';

export const goldFacts = {
  blacklisted: false,
  bureauCurrentOverdueFen: 0,
  bureauOverdueTimes24m: 0,
  bureauMaxOverdueDays24m: 0,
  bureauBadDebt: false,
  bureauHardQueries6m: 1,
  bureauOutstandingDebtFen: 0,
  bureauMonthlyDebtServiceFen: 0,
  socialInsuranceMonths: 96,
  housingFundMonthlyFen: 150_000,
  monthlyIncomeFen: 1_200_000,
  employerGrade: 'civil-servant' as const,
};
export const goldData = ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'] as const;

/** Any way of calling the branch API as a logged-in member of staff (the test core, a spec's HTTP session). */
export type StaffCall = (method: string, args: unknown) => Promise<unknown>;

/**
 * A 富民金领贷 for `customerId` taken through draft, data, submission (approved automatically) and contract: the set-up
 * of the signing tests, not what they test.
 */
export async function contractedGoldApplication<A extends { id: string; rev: string }>(call: StaffCall, customerId: string, requestedAmountFen = 10_000_000): Promise<A> {
  let app = (await call('loans.createDraft', { customerId, productCode: 'gold-collar' })) as A;
  app = (await call('loans.update', {
    id: app.id, rev: app.rev,
    patch: { requestedAmountFen, termMonths: 12, repaymentMethod: 'equal-installment', collectedData: [...goldData], facts: goldFacts },
  })) as A;
  app = (await call('loans.submit', { id: app.id, rev: app.rev })) as A;
  return (await call('loans.generateContract', { id: app.id, rev: app.rev })) as A;
}

/** Wrong passwords in sealed proofs per staff member: after this many within the window, no more checks (no oracle). */
const FAILURE_WINDOW_MS = 60 * 60 * 1000;
const FAILURES_BEFORE_BLOCK = 5;

export interface ProofGuard {
  blocked(staffNo: string): boolean;
  failed(staffNo: string): void;
}

/**
 * Head office checks a password sealed in a proof with the slow hash; a device credential could push proof after proof
 * to guess one. Counted per staff member, shared by everything that opens proofs in one head-office process.
 */
export function proofGuard(clock: () => Date): ProofGuard {
  const failures = new Map<string, number[]>();
  const recent = (staffNo: string) => (failures.get(staffNo) ?? []).filter((t) => clock().getTime() - t < FAILURE_WINDOW_MS);
  return {
    blocked: (staffNo) => recent(staffNo).length >= FAILURES_BEFORE_BLOCK,
    failed: (staffNo) => void failures.set(staffNo, [...recent(staffNo), clock().getTime()].slice(-FAILURES_BEFORE_BLOCK)),
  };
}

/** A form's outcome beside its buttons: a refusal read out at once (alert), a confirmation politely (status). */
export type Outcome = { kind: 'error' | 'info'; text: string } | null;

export function Notice({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null;
  const error = outcome.kind === 'error';
  return <p className={error ? 'notice notice-error' : 'notice notice-info'} role={error ? 'alert' : 'status'} data-testid={testId}>{outcome.text}</p>;
}

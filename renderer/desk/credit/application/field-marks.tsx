import type { FocusEvent } from 'react';
import type { FieldErrors } from './fact-text';

/** A field's refusal under it, named by the field for screen readers (`aria-describedby`). */
export function fieldMessage(fieldErrors: FieldErrors, key: string) {
  return fieldErrors[key] ? <span className="field-error" id={`${key}-error`} data-testid={`field-error-${key}`}>{fieldErrors[key]}</span> : null;
}

export function invalidProps(fieldErrors: FieldErrors, key: string) {
  return fieldErrors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${key}-error` } : {};
}

/** A figure reached with Enter or Tab is typed over, as on the paper-form screens tellers know; nothing to clear first. */
export function selectAll(e: FocusEvent<HTMLInputElement>): void {
  e.currentTarget.select();
}

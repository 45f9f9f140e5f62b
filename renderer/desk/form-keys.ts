import type { KeyboardEvent } from 'react';

const FIELDS = 'input:not([disabled]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])';

/**
 * Enter in a text field or a list moves to the next field of the form, as tellers expect from paper-form screens;
 * it never submits (Ctrl+Enter / Ctrl+S do). Tick boxes are reached with Tab and ticked with Space.
 */
export function moveToNextField(e: KeyboardEvent<HTMLElement>): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.shiftKey || e.metaKey || e.nativeEvent.isComposing) return;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  if (target instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(target.type)) return;
  e.preventDefault();
  const fields = [...e.currentTarget.querySelectorAll<HTMLElement>(FIELDS)].filter((el) => el.offsetParent !== null || el === target);
  fields[fields.indexOf(target) + 1]?.focus();
}

/**
 * For a short form that has no Ctrl+S habit behind it (合伙人登记): Enter moves to the next field like
 * `moveToNextField`, and on the last field submits the form, as the form's own submit button would.
 */
export function moveToNextFieldOrSubmit(e: KeyboardEvent<HTMLFormElement>): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || e.altKey || e.shiftKey || e.metaKey || e.nativeEvent.isComposing) return;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  const fields = [...e.currentTarget.querySelectorAll<HTMLElement>(FIELDS)].filter((el) => el.offsetParent !== null || el === target);
  if (!e.ctrlKey && fields.indexOf(target) < fields.length - 1) return moveToNextField(e);
  e.preventDefault();
  e.currentTarget.requestSubmit();
}

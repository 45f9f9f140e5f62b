import { useLayoutEffect, useRef } from 'react';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * "Ctrl+K", "F2", "Alt+1", "?" against a key event. Ctrl also matches ⌘ on a Mac keyboard; letters and digits
 * also match by physical key so Alt+N works where Alt changes the character produced.
 */
export function matchesCombo(e: KeyLike, combo: string): boolean {
  const parts = combo.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  if (mods.has('ctrl') !== (e.ctrlKey || e.metaKey)) return false;
  if (mods.has('alt') !== e.altKey) return false;
  // Shift is part of the character for "?", so it only counts for named keys and letters.
  if (key.length > 1 || /[a-z]/i.test(key)) {
    if (mods.has('shift') !== e.shiftKey) return false;
  }
  if (e.key.toLowerCase() === key.toLowerCase()) return true;
  if (/^[a-z]$/i.test(key)) return e.code === `Key${key.toUpperCase()}`;
  if (/^\d$/.test(key)) return e.code === `Digit${key}`;
  return false;
}

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export type HotkeyMap = Record<string, (e: KeyboardEvent) => void>;

/**
 * Window-wide shortcuts while `enabled`. Plain printable keys ("?") are ignored while typing in a field;
 * combinations with Ctrl/Alt and function keys work everywhere, as a teller expects. Bound in a layout effect, in the
 * same task as the screen is drawn: a key typed the moment a screen appears (type-ahead) is never lost.
 */
export function useHotkeys(map: HotkeyMap, enabled = true): void {
  const latest = useRef(map);
  useLayoutEffect(() => {
    latest.current = map;
  });
  useLayoutEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      for (const [combo, run] of Object.entries(latest.current)) {
        for (const alt of combo.split(',')) {
          const c = alt.trim();
          const printable = c.length === 1;
          if (printable && isEditable(e.target)) continue;
          if (matchesCombo(e, c)) {
            e.preventDefault();
            run(e);
            return;
          }
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

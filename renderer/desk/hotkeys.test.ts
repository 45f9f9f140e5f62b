import { describe, expect, it } from 'vitest';
import { matchesCombo, type KeyLike } from './hotkeys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('matchesCombo', () => {
  it('matches modifiers exactly', () => {
    expect(matchesCombo(key('k', { ctrlKey: true }), 'Ctrl+K')).toBe(true);
    expect(matchesCombo(key('k', { metaKey: true }), 'Ctrl+K')).toBe(true);
    expect(matchesCombo(key('k'), 'Ctrl+K')).toBe(false);
    expect(matchesCombo(key('k', { ctrlKey: true, altKey: true }), 'Ctrl+K')).toBe(false);
    expect(matchesCombo(key('S', { ctrlKey: true, shiftKey: true }), 'Ctrl+S')).toBe(false);
    expect(matchesCombo(key('F2'), 'F2')).toBe(true);
    expect(matchesCombo(key('F2', { shiftKey: true }), 'F2')).toBe(false);
  });

  it('accepts "?" however the keyboard needs Shift for it', () => {
    expect(matchesCombo(key('?', { shiftKey: true }), '?')).toBe(true);
  });

  it('falls back to the physical key when Alt changes the character', () => {
    expect(matchesCombo(key('ñ', { altKey: true, code: 'KeyN' }), 'Alt+N')).toBe(true);
    expect(matchesCombo(key('¡', { altKey: true, code: 'Digit1' }), 'Alt+1')).toBe(true);
    expect(matchesCombo(key('ñ', { altKey: true, code: 'KeyM' }), 'Alt+N')).toBe(false);
  });
});

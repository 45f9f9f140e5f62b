import { describe, expect, it } from 'vitest';
import { takeKioskKey } from './kiosk-key';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('kiosk key', () => {
  it('keeps the key from the address once and strips it from the address bar', () => {
    const store = memory();
    let search = '?role=kiosk&kioskKey=abc123';
    expect(takeKioskKey(search, store, (s) => (search = s))).toBe('abc123');
    expect(search).toBe('?role=kiosk');
    expect(takeKioskKey(search, store, () => { throw new Error('no change expected'); })).toBe('abc123');
    expect(takeKioskKey('?role=kiosk', memory(), () => undefined)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { pageRole } from './page-role';

describe('pageRole', () => {
  it('picks the page from ?role= and defaults to the desk', () => {
    expect(pageRole('?role=kiosk')).toBe('kiosk');
    expect(pageRole('?role=hall&x=1')).toBe('hall');
    expect(pageRole('?role=tablet')).toBe('tablet');
    expect(pageRole('')).toBe('desk');
    expect(pageRole('?role=admin')).toBe('desk');
  });
});

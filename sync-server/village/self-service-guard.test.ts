import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GUARD_LIMITS, openGuard } from './self-service-guard';

const dir = mkdtempSync(join(tmpdir(), 'jingwei-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the self-service page\'s code lockouts', () => {
  it('survive a restart of head office\'s page when kept in a file, and lift after their window', () => {
    let now = Date.parse('2026-03-02T02:00:00Z');
    const file = join(dir, 'locks.json');
    const ID = '11010519491231002X';
    const guessAll = (guard: ReturnType<typeof openGuard>) => {
      for (let i = 0; i < GUARD_LIMITS.personTries; i++) {
        const started = guard.start('HM01', ID, 'credit-line:' + 'a'.repeat(32), `10.0.0.${i}`);
        if (typeof started === 'string') return started;
        guard.verify(started.ticket, started.code === '000000' ? '000001' : '000000', `10.0.0.${i}`);
      }
      return guard.start('HM01', ID, 'credit-line:' + 'a'.repeat(32), '10.0.1.1');
    };
    expect(guessAll(openGuard(() => now, GUARD_LIMITS, file))).toBe('locked');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A new process on the same data folder: still locked (in memory alone, a restart would have lifted it).
    expect(openGuard(() => now, GUARD_LIMITS, file).start('HM01', ID, null, '10.0.2.1')).toBe('locked');
    expect(openGuard(() => now, GUARD_LIMITS).start('HM01', ID, null, '10.0.2.1')).not.toBe('locked');
    now += GUARD_LIMITS.personWindowMs + 1;
    expect(openGuard(() => now, GUARD_LIMITS, file).start('HM01', ID, null, '10.0.2.1')).toMatchObject({ code: null });
  });
});

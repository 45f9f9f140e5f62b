import { describe, expect, it } from 'vitest';
import { allowedHostsFrom, hostName, isAllowedHost } from './host-header';

describe('Host header against DNS rebinding', () => {
  it('answers IP literals, localhost and configured names', () => {
    for (const ok of ['127.0.0.1:5984', '192.168.1.20', '[::1]:8080', 'localhost:3000', 'LOCALHOST', 'app.localhost', 'sync.bank.example', 'SYNC.BANK.EXAMPLE.:443', 'hm01.branch.bank.example']) {
      expect(isAllowedHost(ok, ['sync.bank.example', '*.branch.bank.example'])).toBe(true);
    }
  });

  it('refuses every other name, however it resolves', () => {
    for (const bad of ['evil.example', 'evil.example:5984', '127.0.0.1.evil.example', 'localhost.evil.example', 'branch.bank.example', 'xbank.example', '']) {
      expect(isAllowedHost(bad, ['sync.bank.example', '*.branch.bank.example'])).toBe(false);
    }
  });

  it('reads names from the environment and headers', () => {
    expect(allowedHostsFrom(' a.example, *.b.example ,')).toEqual(['a.example', '*.b.example']);
    expect(hostName('[FE80::1%25eth0]:80')).toBe('[fe80::1%25eth0]');
    expect(isAllowedHost(undefined, [])).toBe(true);
  });
});

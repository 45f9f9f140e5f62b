import { describe, expect, it } from 'vitest';
import { credentialUrlProblem } from './secure-remote';

describe('where a device may send its password', () => {
  it('allows https anywhere and http to loopback only', () => {
    for (const ok of ['https://sync.bank.example', 'https://10.0.0.5:6984', 'http://127.0.0.1:5984', 'http://localhost:5984/branch-hm01', 'http://[::1]:5984']) {
      expect(credentialUrlProblem(ok)).toBeNull();
    }
  });

  it('refuses http to any other host, and what is not a URL', () => {
    for (const bad of ['http://sync.bank.example', 'http://10.0.0.5:5984', 'http://127.0.0.1.evil.example', 'ftp://127.0.0.1', 'not a url']) {
      expect(credentialUrlProblem(bad)).toMatch(/https:\/\/|无效/);
    }
  });
});

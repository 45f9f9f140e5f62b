import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './pbkdf2';

describe('PBKDF2 passwords as CouchDB stores them', () => {
  it('verifies a CouchDB 3.x (SHA-1, 10 iterations) user document', async () => {
    // RFC 6070 test vector 2 in CouchDB's field layout: P="password", S="salt", c=2, dkLen=20.
    const stored = { password_scheme: 'pbkdf2' as const, iterations: 2, salt: 'salt', derived_key: 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957' };
    expect(await verifyPassword('password', stored)).toBe(true);
    expect(await verifyPassword('Password', stored)).toBe(false);
  });

  it('hashes with SHA-256 like CouchDB 3.4 and verifies only the right password', async () => {
    const fields = await hashPassword('柜员密码-01', 1000);
    expect(fields).toMatchObject({ password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256', iterations: 1000 });
    expect(fields.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(fields.derived_key).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyPassword('柜员密码-01', fields)).toBe(true);
    expect(await verifyPassword('柜员密码-02', fields)).toBe(false);
  });
});

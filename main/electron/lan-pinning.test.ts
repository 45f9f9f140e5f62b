import { describe, expect, it } from 'vitest';
import { issueServerCert, makeBranchCa } from '../core/lan/branch-ca';
import { CERT_DEFAULT, CERT_OK, CERT_REFUSED, pinnedVerdict } from './lan-pinning';

describe('a hall PC pins the branch CA for the queue device', () => {
  it('accepts the queue device certificate from the branch CA and refuses any other, even a valid-looking one', async () => {
    const now = new Date();
    const ca = await makeBranchCa('HM01', now);
    const server = await issueServerCert(ca, ['192.168.1.20'], 'HM01', now);
    const impostorCa = await makeBranchCa('HM01', now);
    const impostor = await issueServerCert(impostorCa, ['192.168.1.20'], 'HM01', now);
    expect(pinnedVerdict({ hostname: '192.168.1.20', certificate: { data: server.cert } }, '192.168.1.20', ca.cert, now)).toBe(CERT_OK);
    expect(pinnedVerdict({ hostname: '192.168.1.20', certificate: { data: impostor.cert } }, '192.168.1.20', ca.cert, now)).toBe(CERT_REFUSED);
    // The right CA but a certificate for another address (a stolen certificate of another device) is refused too.
    const other = await issueServerCert(ca, ['192.168.1.99'], 'HM01', now);
    expect(pinnedVerdict({ hostname: '192.168.1.20', certificate: { data: other.cert } }, '192.168.1.20', ca.cert, now)).toBe(CERT_REFUSED);
    expect(pinnedVerdict({ hostname: 'example.org', certificate: { data: impostor.cert } }, '192.168.1.20', ca.cert, now)).toBe(CERT_DEFAULT);
  });
});

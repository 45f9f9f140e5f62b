import { describe, expect, it } from 'vitest';
import { HEAD_OFFICE_PASSWORD, moveConfigSecrets } from './config-secrets';

function fakeSecrets() {
  const stored = new Map<string, string>();
  return { stored, setSecret: (name: string, value: string) => void stored.set(name, value) };
}

describe('credentials in device-config.json', () => {
  it('moves the head-office password into the device secrets and leaves the rest of the file as it was', () => {
    const secrets = fakeSecrets();
    const text = '\uFEFF' + JSON.stringify({ role: 'desk', branchCode: 'HM01', deviceId: 'D1', headOffice: { url: 'https://hq.example', user: 'dev-hm01', password: 'Device-Pass-2026' }, locale: 'zh-CN' });
    const rewritten = moveConfigSecrets(text, secrets);
    expect(secrets.stored.get(HEAD_OFFICE_PASSWORD)).toBe('Device-Pass-2026');
    expect(rewritten).not.toContain('Device-Pass-2026');
    expect(JSON.parse(rewritten!)).toEqual({ role: 'desk', branchCode: 'HM01', deviceId: 'D1', headOffice: { url: 'https://hq.example', user: 'dev-hm01' }, locale: 'zh-CN' });
  });

  it('leaves a file without credentials alone', () => {
    const secrets = fakeSecrets();
    expect(moveConfigSecrets(JSON.stringify({ role: 'desk', headOffice: { url: 'https://hq.example', user: 'u' } }), secrets)).toBeNull();
    expect(moveConfigSecrets(JSON.stringify({ role: 'hall' }), secrets)).toBeNull();
    expect(secrets.stored.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../identity/resident-id';
import { blockingFailures, checkValues, differencesFrom, factsFromCustomer } from './document-fields';

const first17 = '14108119850612001';
const ID = first17 + residentIdCheckChar(first17);
const today = new Date('2026-06-01T00:00:00Z');
const card = { name: '张三', sex: '男', ethnicity: '汉', birthDate: '1985-06-12', address: '山西省侯马市新田乡', idNumber: ID, issuingAuthority: '侯马市公安局', validFrom: '2016-01-01', validUntil: '2036-01-01' };

describe('document values', () => {
  it('passes a consistent card and names each failure on an inconsistent one', () => {
    expect(blockingFailures(checkValues('id-card', card, today))).toEqual([]);
    const bad = checkValues('id-card', { ...card, sex: '女', birthDate: '1985-06-13', validUntil: '2026-05-31' }, today);
    expect(blockingFailures(bad).map((c) => c.code)).toEqual(['id.birthDateMatches', 'id.sexMatches', 'id.notExpired']);
    expect(bad.find((c) => c.code === 'id.notExpired')?.messageZh).toContain('有效期至 2026-05-31');
  });

  it('lets a pilot USCC through with a warning, but not a malformed one', () => {
    const lic = { companyName: '某合作社', uscc: '91141081MA0K2C3D4Y', companyType: '', legalRepresentative: '', registeredCapital: '', establishedDate: '', address: '' };
    const pilot = checkValues('licence', lic, today);
    expect(pilot.map((c) => [c.code, c.ok])).toEqual([['licence.uscc', true], ['licence.usccCheckDigit', false]]);
    expect(blockingFailures(pilot)).toEqual([]);
    expect(blockingFailures(checkValues('licence', { ...lic, uscc: '91141081' }, today)).map((c) => c.code)).toEqual(['licence.uscc']);
  });

  it('lists differences only for what the record knows', () => {
    expect(differencesFrom('id-card', card, { name: '张叁', idNumber: ID }).map((d) => [d.field, d.recorded, d.recognised])).toEqual([['name', '张叁', '张三']]);
    expect(differencesFrom('id-card', card, { name: ' ', idNumber: '' })).toEqual([]);
    const ent = { kind: 'enterprise' as const, name: '某合作社', uscc: '91141081MA0K2C3D4Y', legalRepresentative: '李四', address: 'x' };
    expect(factsFromCustomer('id-card', ent)).toEqual({ name: '李四' });
    expect(differencesFrom('id-card', card, factsFromCustomer('id-card', ent)).map((d) => d.field)).toEqual(['name']);
    expect(factsFromCustomer('licence', { kind: 'individual', name: '张三', address: 'x' })).toEqual({});
  });
});

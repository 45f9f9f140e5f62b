import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { customersProjection } from '../projections/customers';
import { customerQueries } from './customers';
import { bigramTokens, normalizeQuery } from './search-text';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function storeWith(customers: Record<string, unknown>[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-search-'));
  dirs.push(dir);
  // Encrypted, as on a branch PC: the search runs on the cipher build's FTS5.
  const store = await openStore({ path: path.join(dir, 'b.sqlite'), key: new Uint8Array(randomBytes(32)), projections: [customersProjection] });
  await store.pouch.bulkDocs(customers.map((c, i) => ({ _id: `customer:${String(i).padStart(26, '0')}`, type: 'customer', updatedAt: '2026-01-01T00:00:00Z', ...c })));
  return store;
}

const ZHOU = { kind: 'individual', name: '周文博', idNumber: '14108119850612003X', phone: '13803571234', address: '山西省侯马市浍滨街道平阳路12号', village: '浍滨街道', group: 'civil-servant' };
const JINYANG = { kind: 'enterprise', name: '山西晋阳控股有限公司', uscc: '91141081MA0K70011X', phone: '0357-4227001', address: '山西省侯马市路西街道', legalRepresentative: '杨国栋', shareholders: [{ name: '杨国栋' }, { name: '侯马市汾河实业有限公司' }] };
const FENHE = { kind: 'enterprise', name: '侯马市汾河实业有限公司', uscc: '91141081MA0K70022X', phone: '0357-4227002', address: '山西省侯马市路西街道' };
const FARMER = { kind: 'individual', name: '王文', idNumber: '141081197001010011', phone: '15903570000', address: '山西省侯马市新田乡汾河村3号', village: '汾河村', group: 'farmer' };

describe('customer search: any part of a name, place, phone or ID number', () => {
  it('finds what a prefix search missed, names before places', async () => {
    const store = await storeWith([ZHOU, JINYANG, FENHE, FARMER]);
    const q = customerQueries(store.sql);
    const names = (query: string) => q.search(query, 20).map((r) => r.name);
    expect(names('晋阳')).toEqual(['山西晋阳控股有限公司']);
    // 汾河: in a company name first, then in a shareholder line and a village.
    const fenhe = names('汾河');
    expect(fenhe[0]).toBe('侯马市汾河实业有限公司');
    expect(fenhe.slice(1).sort()).toEqual(['山西晋阳控股有限公司', '王文'].sort());
    expect(names('有限公司').sort()).toEqual(['侯马市汾河实业有限公司', '山西晋阳控股有限公司'].sort());
    expect(names('文博')).toEqual(['周文博']);
    expect(names('平阳路')).toEqual(['周文博']);
    expect(names('9990000')).toEqual([]);
    expect(names('3571234')).toEqual(['周文博']); // last 7 digits of the phone
    expect(names('003x')).toEqual(['周文博']); // last 4 of the ID number, lower-case x
    expect(names('wenbo')).toEqual(['周文博']); // part of the full pinyin
    // Prefix matches still come first, then the rest.
    expect(names('王')).toEqual(['王文']);
    expect(names('王文')).toEqual(['王文']);
    expect(names('文')).toEqual([]); // one character: prefix only, as before
    await store.close();
  });

  it('folds full-width digits and spaces pasted from elsewhere', async () => {
    const store = await storeWith([ZHOU]);
    const q = customerQueries(store.sql);
    expect(q.search('１３８ ０３５７ １２３４', 20).map((r) => r.name)).toEqual(['周文博']);
    expect(q.search(' 周 文博 ', 20).map((r) => r.name)).toEqual(['周文博']);
    await store.close();
  });

  it('follows edits and deletions, and treats FTS syntax in a query as text', async () => {
    const store = await storeWith([ZHOU]);
    const q = customerQueries(store.sql);
    const doc = await store.pouch.get('customer:' + '0'.repeat(26));
    await store.pouch.put({ ...doc, address: '山西省侯马市上马街道晋都路8号' });
    expect(q.search('平阳路', 20)).toEqual([]);
    expect(q.search('晋都路', 20).map((r) => r.name)).toEqual(['周文博']);
    expect(q.search('"晋都" OR NEAR(', 20)).toEqual([]);
    await store.pouch.remove(await store.pouch.get(doc._id));
    expect(q.search('晋都路', 20)).toEqual([]);
    expect(q.search('文博', 20)).toEqual([]);
    await store.close();
  });

  it('caps the answer at the limit even when thousands match', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ kind: 'enterprise', name: `侯马市第${i}商贸有限公司`, uscc: `X${i}`, phone: '0', address: '侯马' }));
    const store = await storeWith(many);
    expect(customerQueries(store.sql).search('有限公司', 20)).toHaveLength(20);
    expect(customerQueries(store.sql).search('商贸', 20)).toHaveLength(20);
    await store.close();
  });
});

describe('search text', () => {
  it('pairs only consecutive Chinese characters', () => {
    expect(bigramTokens('侯马市12号路')).toBe('侯马 马市 号路');
    expect(normalizeQuery('ＡＢ　１２')).toBe('AB12');
  });
});

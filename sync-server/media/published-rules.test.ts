import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETS, ruleSetDigest, type RuleSet } from '../../domain/credit/rules';
import { publishedRiskNotice } from './published-rules';

// The media server's read of head office's published rule sets (CouchDB API of its sync server, `reference` db).

const v2: RuleSet = {
  ...DEFAULT_RULE_SETS.farmer, version: 2,
  video: { ...DEFAULT_RULE_SETS.farmer.video!, riskNotice: ['贷款资金不得流入股市、楼市。', '请按期还款。'] },
};

function headOffice() {
  const asked: string[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    asked.push(url);
    expect((init.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from('hq-feed:pw').toString('base64')}`);
    if (url.endsWith('/reference/ruleset%3Afarmer%3A000002')) return Response.json({ _id: 'ruleset:farmer:000002', ruleSet: v2 });
    return Response.json({ error: 'not_found' }, { status: 404 });
  }) as typeof fetch;
  return { asked, read: publishedRiskNotice({ url: 'https://hq.example/', user: { name: 'hq-feed', password: 'pw' } }, fetcher) };
}

describe('published risk notice at head office', () => {
  it('gives the notice of the version asked for, once per version, and nothing for a digest that is not the published one', async () => {
    const { asked, read } = headOffice();
    const ref = { product: 'farmer', version: 2, digest: ruleSetDigest(v2) };
    expect(await read(ref)).toEqual(['贷款资金不得流入股市、楼市。', '请按期还款。']);
    expect(await read(ref)).toEqual(['贷款资金不得流入股市、楼市。', '请按期还款。']);
    expect(asked).toEqual(['https://hq.example/reference/ruleset%3Afarmer%3A000002']);
    expect(await read({ ...ref, digest: ruleSetDigest(DEFAULT_RULE_SETS.farmer) })).toBeNull();
    expect(await read({ ...ref, version: 3 })).toBeNull();
  });
});

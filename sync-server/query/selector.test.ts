import { describe, expect, it } from 'vitest';
import { CouchError } from '../errors';
import { EvalBudget } from './budget';
import { collate } from './collate';
import { compileSelector, MAX_SELECTOR_DEPTH, MAX_SELECTOR_NODES, parseField, selectorTextFilter } from './selector';

const matcher = (selector: unknown) => compileSelector(selector, new EvalBudget());
const select = (selector: unknown, docs: Record<string, unknown>[]) => docs.filter(matcher(selector)).map((d) => d._id);
const refusal = (selector: unknown) => {
  try {
    matcher(selector);
  } catch (e) {
    return e instanceof CouchError ? { status: e.status, error: e.error, reason: e.reason } : e;
  }
  return null;
};

const docs = [
  { _id: 'a', type: 'customer', name: '张三', age: 30, tags: ['vip', 'farmer'], address: { city: '侯马', 'zip.code': '043000' } },
  { _id: 'b', type: 'customer', name: '李四', age: 45, tags: ['farmer'], scores: [80, 84, 90] },
  { _id: 'c', type: 'queue-ticket', number: 'A012', _attachments: { 'scan.png': { stub: true, content_type: 'image/png' } } },
  { _id: 'd', _deleted: true },
];

describe('selectors our clients send', () => {
  it('splits documents from documents with attachments, tombstones included with the documents', () => {
    expect(select({ _attachments: { $exists: false } }, docs)).toEqual(['a', 'b', 'd']);
    expect(select({ _attachments: { $exists: true } }, docs)).toEqual(['c']);
  });

  it('decides the pull passes\' selectors from a stored body\'s text where the text settles it, as the matcher would', () => {
    const mention = { _id: 'e', note: 'says "_attachments" in a value', nested: { _attachments: 1 } };
    // Bodies are stored without _id/_rev, as JSON.stringify writes them (db/adapter/codec.ts encodeBody).
    const stored = (doc: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id' && k !== '_rev')));
    for (const exists of [false, true]) {
      const selector = { _attachments: { $exists: exists } };
      const fromText = selectorTextFilter(selector)!;
      for (const doc of [...docs, mention]) {
        const verdict = fromText(stored(doc));
        const text = stored(doc);
        if (text.includes('"_attachments"')) expect(verdict).toBeUndefined();
        else expect(verdict).toBe(matcher(selector)(doc));
      }
      expect(fromText(stored(docs[0]!))).toBe(!exists);
    }
    // Every other selector is left to the matcher.
    for (const other of [{}, { type: 'customer' }, { _attachments: { $exists: 'yes' } }, { _attachments: { $exists: false, $ne: 1 } }, { _attachments: { $exists: false }, type: 'customer' }, { $and: [{ _attachments: { $exists: false } }] }, null, []]) {
      expect(selectorTextFilter(other)).toBeUndefined();
    }
  });

  it("keeps the queue device's pull selector ($and, $in, $exists)", () => {
    const queueOnly = { $and: [{ type: { $in: ['queue-ticket', 'queue-config'] } }, { _attachments: { $exists: false } }] };
    expect(select(queueOnly, docs)).toEqual([]);
    expect(select({ $and: [{ type: { $in: ['queue-ticket'] } }, { _attachments: { $exists: true } }] }, docs)).toEqual(['c']);
  });
});

describe('CouchDB mango semantics', () => {
  it('reads implicit equality, implicit $and, nested objects as paths, escaped dots and array indexes', () => {
    expect(select({ type: 'customer', age: { $gt: 40 } }, docs)).toEqual(['b']);
    expect(select({ address: { city: '侯马' } }, docs)).toEqual(['a']);
    expect(select({ 'address.city': '侯马' }, docs)).toEqual(['a']);
    expect(select({ 'address.zip\\.code': '043000' }, docs)).toEqual(['a']);
    expect(select({ 'tags.1': 'farmer' }, docs)).toEqual(['a']);
    expect(parseField('a.b\\.c')).toEqual(['a', 'b.c']);
  });

  it('matches a missing field only with $exists false — also after $not is pushed down ($not $eq → $ne)', () => {
    expect(select({ age: { $ne: 30 } }, docs)).toEqual(['b']);
    expect(select({ $not: { age: 30 } }, docs)).toEqual(['b']);
    expect(select({ age: { $not: { $exists: true } } }, docs)).toEqual(['c', 'd']);
    // $nor becomes $and of $ne, and $ne needs the field: the tombstone without `type` is not selected.
    expect(select({ $nor: [{ type: 'customer' }] }, docs)).toEqual(['c']);
  });

  it('knows the array operators', () => {
    expect(select({ tags: { $in: ['vip'] } }, docs)).toEqual(['a']);
    expect(select({ tags: { $nin: ['vip'] } }, docs)).toEqual(['b']);
    expect(select({ tags: { $all: ['farmer', 'vip'] } }, docs)).toEqual(['a']);
    expect(select({ tags: { $size: 1 } }, docs)).toEqual(['b']);
    expect(select({ scores: { $elemMatch: { $gte: 84, $lt: 85 } } }, docs)).toEqual(['b']);
    expect(select({ scores: { $allMatch: { $gte: 80 } } }, docs)).toEqual(['b']);
    expect(select({ address: { $keyMapMatch: { $eq: 'city' } } }, docs)).toEqual(['a']);
  });

  it('knows $type, $mod, $beginsWith and the empty combinators', () => {
    expect(select({ number: { $type: 'string' } }, docs)).toEqual(['c']);
    expect(select({ age: { $mod: [15, 0] } }, docs)).toEqual(['a', 'b']);
    expect(select({ number: { $beginsWith: 'A0' } }, docs)).toEqual(['c']);
    expect(select({ $or: [] }, docs)).toEqual(['a', 'b', 'c', 'd']);
    expect(select({}, docs)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('collates as CouchDB: null < false < true < numbers < strings < arrays < objects', () => {
    const ordered = [null, false, true, -1, 2, 'a', 'A', 'b', 'B', [1], [1, 2], { a: 1 }];
    for (let i = 0; i + 1 < ordered.length; i++) expect(collate(ordered[i], ordered[i + 1])).toBe(-1);
    expect(collate({ a: [1, 'x'] }, { a: [1, 'x'] })).toBe(0);
  });
});

describe('what a client may not make the server evaluate', () => {
  it('refuses $regex — the request that held head office for 95 s — and the other unsupported operators', () => {
    expect(refusal({ name: { $regex: '^(a+)+$' } })).toEqual({ status: 400, error: 'bad_request', reason: 'Unsupported operator: $regex' });
    expect(refusal({ $where: 'sleep(1)' })).toMatchObject({ status: 400, reason: 'Unsupported operator: $where' });
    expect(refusal({ $or: [{ a: 1 }, { b: { $not: { $regex: 'x' } } }] })).toMatchObject({ status: 400, reason: 'Unsupported operator: $regex' });
  });

  it('answers malformed selectors with CouchDB reasons', () => {
    expect(refusal({ a: { $foo: 1 } })).toMatchObject({ status: 400, reason: 'Invalid operator: $foo' });
    expect(refusal({ a: { $in: 'x' } })).toMatchObject({ status: 400, reason: 'Bad argument for operator $in: "x"' });
    expect(refusal({ a: { $mod: [0, 1] } })).toMatchObject({ status: 400 });
    expect(refusal({ $eq: 1 })).toMatchObject({ status: 400, reason: 'One or more conditions is missing a field name.' });
    expect(refusal('type')).toMatchObject({ status: 400, reason: 'Selector error: expected a JSON object' });
    expect(refusal({ 'a..b': 1 })).toMatchObject({ status: 400, reason: 'Invalid field name: a..b' });
  });

  it('bounds the size and depth of a selector', () => {
    const wide = { a: { $in: Array.from({ length: MAX_SELECTOR_NODES }, (_, i) => i) } };
    expect(refusal(wide)).toMatchObject({ status: 400 });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_SELECTOR_DEPTH; i++) deep = { $not: deep === 1 ? { a: 1 } : deep };
    expect(refusal(deep)).toMatchObject({ status: 400 });
  });

  it('stops a document that costs more steps than its budget, and every evaluation after it', () => {
    const budget = new EvalBudget({ stepsPerDoc: 150, turnMs: 1000, requestMs: 1000 });
    const m = compileSelector({ scores: { $in: Array.from({ length: 100 }, (_, i) => 1000 + i) } }, budget);
    expect(m({ scores: [1] })).toBe(false);
    expect(() => m({ scores: [1, 2, 3] })).toThrow(/reasonable amount of time/);
    expect(budget.exceeded).toBe(true);
    expect(() => m({ scores: [] })).toThrow(/reasonable amount of time/);
  });
});

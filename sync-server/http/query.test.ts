import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseQuery, qBool, qInt } from './query';

const SERVER = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('parseQuery', () => {
  const shape = { limit: qInt.optional(), descending: qBool.optional(), feed: z.enum(['normal', 'longpoll']).optional() };

  it('reads CouchDB query strings and answers a wrong one with 400 naming the parameter', () => {
    expect(parseQuery(shape, { limit: '20', descending: 'true', other: 'kept' })).toEqual({ limit: 20, descending: true, other: 'kept' });
    expect(() => parseQuery(shape, { limit: 'ten' })).toThrow(expect.objectContaining({ status: 400, reason: expect.stringContaining('query parameter limit') }));
  });

  // zod compiles an object schema on its first parse (~100× the parse itself); parseQuery keeps one compiled schema
  // per shape object, so a shape written inline in a handler was compiled again on every request (every _bulk_get
  // of every pull paid it). Handlers pass module-level shapes.
  it('is given module-level shapes only, never an object literal made per request', () => {
    const inline = sources(SERVER).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/parseQuery\(\s*\{/g)].map(() => relative(SERVER, file)),
    );
    expect(inline).toEqual([]);
  });
});

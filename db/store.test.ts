import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './store';
import type { Projection } from './projection';
import { listConflicts } from './projection';

const dirs: string[] = [];
function tmpFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-store-'));
  dirs.push(dir);
  return path.join(dir, 'branch.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const byType: Projection = {
  name: 'by_type',
  version: 1,
  ddl: ['CREATE TABLE by_type (id TEXT PRIMARY KEY, type TEXT)', 'CREATE INDEX by_type_type ON by_type(type)'],
  apply(sql, id, doc) {
    if (doc) sql.prepare('INSERT OR REPLACE INTO by_type (id, type) VALUES (?, ?)').run(id, String(doc.type));
    else sql.prepare('DELETE FROM by_type WHERE id = ?').run(id);
  },
};

describe('openStore', () => {
  it('opens a file, exposes SQL over projections, and survives close/reopen', async () => {
    const file = tmpFile();
    const s1 = await openStore({ path: file, key: null, projections: [byType] });
    await s1.pouch.bulkDocs([
      { _id: 'customer:1', type: 'customer' },
      { _id: 'loan:1', type: 'loan' },
    ]);
    const count = () => s1.sql.prepare("SELECT COUNT(*) AS n FROM by_type WHERE type = 'customer'").get();
    expect(count()).toEqual({ n: 1 });
    expect(listConflicts(s1.pouch)).toEqual([]);
    await s1.close();
    await s1.close(); // idempotent

    const s2 = await openStore({ path: file, key: null, projections: [byType] });
    expect((await s2.pouch.info()).doc_count).toBe(2);
    expect(s2.sql.prepare('SELECT id FROM by_type ORDER BY id').all()).toEqual([{ id: 'customer:1' }, { id: 'loan:1' }]);
    await s2.close();
  });

  it('fails to open, leaving the old projection in place, when a rebuild throws', async () => {
    const file = tmpFile();
    const s1 = await openStore({ path: file, key: null, projections: [byType] });
    await s1.pouch.put({ _id: 'x', type: 't' });
    await s1.close();
    const broken: Projection = { ...byType, version: 2, apply: () => { throw new Error('boom'); } };
    await expect(openStore({ path: file, key: null, projections: [broken] })).rejects.toThrow('boom');
    const s2 = await openStore({ path: file, key: null });
    expect(s2.sql.prepare('SELECT version FROM projection_state WHERE name = ?').get('by_type')).toEqual({ version: 1 });
    expect(s2.sql.prepare('SELECT COUNT(*) AS n FROM by_type').get()).toEqual({ n: 1 });
    await s2.close();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEdits } from './bulk-edits';
import type { Projection } from './projection';
import { listConflicts } from './projection';
import { openStore } from './store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function store() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-edits-'));
  dirs.push(dir);
  const byName: Projection = {
    name: 'by_name',
    version: 1,
    ddl: ['CREATE TABLE by_name (id TEXT PRIMARY KEY, name TEXT)'],
    apply(sql, id, doc) {
      if (doc) sql.prepare('INSERT OR REPLACE INTO by_name (id, name) VALUES (?, ?)').run(id, String(doc.name));
      else sql.prepare('DELETE FROM by_name WHERE id = ?').run(id);
    },
  };
  return openStore({ path: path.join(dir, 'b.sqlite'), key: null, projections: [byName] });
}

describe('writeEdits', () => {
  it('writes new and edited documents in one go with revisions PouchDB reads, extends, replicates and reports changes for', async () => {
    const s = await store();
    const old = await s.pouch.put({ _id: 'h:2', name: '旧' });
    const changes: string[] = [];
    const feed = s.pouch.changes({ since: 'now', live: true }).on('change', (c) => changes.push(c.id));
    const out = writeEdits(s.pouch, [
      { doc: { _id: 'h:1', name: '张三' }, base: null, revKey: 'import-1\nA' },
      { doc: { _id: 'h:2', name: '李四' }, base: old.rev, revKey: 'import-1\nB' },
    ]);
    expect(out.ok).toBe(true);
    const revs = out.ok ? out.revs : [];
    expect(revs[0]).toMatch(/^1-[0-9a-f]{32}$/);
    expect(revs[1]).toMatch(/^2-[0-9a-f]{32}$/);
    const h2 = await s.pouch.get<{ name: string }>('h:2', { revs: true, conflicts: true });
    expect(h2).toMatchObject({ _rev: revs[1], name: '李四' });
    expect((h2 as { _revisions: { ids: string[] } })._revisions.ids[1]).toBe(old.rev.slice(2));
    expect(h2._conflicts).toBeUndefined();
    expect(listConflicts(s.pouch)).toEqual([]);
    expect(s.sql.prepare('SELECT id, name FROM by_name ORDER BY id').all()).toEqual([{ id: 'h:1', name: '张三' }, { id: 'h:2', name: '李四' }]);
    // An ordinary edit builds on the revision written here.
    const next = await s.pouch.put({ ...(await s.pouch.get('h:1')), name: '张三丰' });
    expect(next.rev).toMatch(/^2-/);
    // And another store takes the revisions as CouchDB's replication hands them over.
    const copy = await store();
    await s.pouch.replicate.to(copy.pouch);
    expect((await copy.pouch.get<{ name: string }>('h:2')).name).toBe('李四');
    await new Promise((r) => setTimeout(r, 50));
    feed.cancel();
    expect(changes).toEqual(expect.arrayContaining(['h:1', 'h:2']));
    await copy.close();
    await s.close();
  });

  it('writes nothing when any document moved on since it was read, or appeared meanwhile', async () => {
    const s = await store();
    const first = await s.pouch.put({ _id: 'h:2', name: '旧' });
    await s.pouch.put({ _id: 'h:2', _rev: first.rev, name: '别人改的' });
    await s.pouch.put({ _id: 'h:3', name: '刚建的' });
    const info = await s.pouch.info();
    const out = writeEdits(s.pouch, [
      { doc: { _id: 'h:1', name: '张三' }, base: null, revKey: 'x\n1' },
      { doc: { _id: 'h:2', name: '李四' }, base: first.rev, revKey: 'x\n2' },
      { doc: { _id: 'h:3', name: '王五' }, base: null, revKey: 'x\n3' },
    ]);
    expect(out).toEqual({ ok: false, conflicts: ['h:2', 'h:3'] });
    expect((await s.pouch.info()).update_seq).toBe(info.update_seq);
    await expect(s.pouch.get('h:1')).rejects.toMatchObject({ status: 404 });
    expect(s.sql.prepare('SELECT name FROM by_name ORDER BY id').all()).toEqual([{ name: '别人改的' }, { name: '刚建的' }]);
    await s.close();
  });

  it('re-creates a deleted document as a new line of revisions that wins', async () => {
    const s = await store();
    const first = await s.pouch.put({ _id: 'h:1', name: '旧' });
    await s.pouch.remove('h:1', first.rev);
    const out = writeEdits(s.pouch, [{ doc: { _id: 'h:1', name: '新' }, base: null, revKey: 'y\n1' }]);
    expect(out.ok).toBe(true);
    expect((await s.pouch.get<{ name: string }>('h:1')).name).toBe('新');
    expect(s.sql.prepare('SELECT name FROM by_name').all()).toEqual([{ name: '新' }]);
    await s.close();
  });
});

import { openSqlite } from './sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations';

describe('migrate', () => {
  it('creates the schema once, records its version, and is a no-op the second time', () => {
    const db = openSqlite(':memory:', null);
    expect(migrate(db)).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['docs', 'revs', 'attachments', 'attachment_refs', 'local_docs', 'meta', 'projection_state']));
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('versions are strictly increasing', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses a file written by a newer schema', () => {
    const db = openSqlite(':memory:', null);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
    db.close();
  });
});

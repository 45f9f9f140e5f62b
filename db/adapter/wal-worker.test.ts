import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, unlockPragmas } from '../sqlite';
import { checkpointOffThread } from './wal-worker';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-walw-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function storeWithWal(name: string, key: Uint8Array | null) {
  const file = path.join(dir, name);
  const db = openSqlite(file, key);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (v TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 200; i++) insert.run('记录'.repeat(100));
  })();
  return { file, db };
}

describe('checkpointOffThread', () => {
  it('copies every committed frame of an encrypted store into its file, with its own connection', async () => {
    const key = new Uint8Array(randomBytes(32));
    const { file, db } = storeWithWal('enc.sqlite', key);
    const r = await checkpointOffThread({ file, unlock: unlockPragmas(key) });
    expect(r.busy).toBe(0);
    expect(r.log).toBeGreaterThan(10);
    expect(r.checkpointed).toBe(r.log);
    // The store's connection reads on as before.
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 });
    db.close();
    expect(openSqlite(file, key).prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 });
  });

  it('refuses a job it cannot do (wrong key, missing file), so the store checkpoints by itself instead', async () => {
    const { file, db } = storeWithWal('wrong.sqlite', new Uint8Array(randomBytes(32)));
    await expect(checkpointOffThread({ file, unlock: unlockPragmas(new Uint8Array(randomBytes(32))) })).rejects.toThrow();
    await expect(checkpointOffThread({ file: path.join(dir, 'missing.sqlite'), unlock: [] })).rejects.toThrow();
    db.close();
  });
});

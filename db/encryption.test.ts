/**
 * Encryption at rest of the document store (db/sqlite.ts): what a thief with the disk finds, file modes, the
 * migration of a store written before encryption, and the SQLite features the cipher build must keep.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPouch } from './pouchdb';
import { listConflicts } from './projection';
import { encryptPlainStore, isPlainSqliteFile, openSqlite, rekeyStore, StoreKeyError } from './sqlite';
import { openStore } from './store';

const ID_NUMBER = '142601199003071234';
const PHONE = '13912345678';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A recognisable "scan": PNG signature and IHDR, then bytes that do not compress away. */
const scan = Buffer.from([...PNG_MAGIC, ...Buffer.from('\0\0\0\rIHDR'), ...randomBytes(40_000)]);

let dir: string;
const key = () => new Uint8Array(randomBytes(32));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-enc-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every byte SQLite wrote for this store: the database file and its WAL. */
function onDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => new Uint8Array(fs.readFileSync(f))));
}

function expectNoClearText(file: string): void {
  const bytes = onDisk(file);
  expect(bytes.length).toBeGreaterThan(40_000);
  expect(isPlainSqliteFile(file)).toBe(false);
  expect(bytes.includes(ID_NUMBER)).toBe(false);
  expect(bytes.includes(PHONE)).toBe(false);
  expect(bytes.includes('张建国')).toBe(false);
  expect(bytes.includes(PNG_MAGIC)).toBe(false);
  expect(bytes.includes(scan.subarray(100, 132))).toBe(false);
}

const customer = { _id: 'customer:01', type: 'customer', name: '张建国', idNumber: ID_NUMBER, phone: PHONE };
const withScan = { _id: 'document:01', type: 'document', _attachments: { 'front.png': { content_type: 'image/png', data: scan } } };

/** Writes what a branch store holds: documents, a scan, a local (checkpoint) doc and a conflict. */
async function fill(db: PouchDB.Database<object>): Promise<void> {
  await db.bulkDocs([customer, withScan]);
  await db.put({ _id: '_local/checkpoint-hq', last_seq: 42, session: 'abc' });
  await db.bulkDocs(
    [
      { _id: 'loan:1', _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] }, v: 'root' },
      { _id: 'loan:1', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'aaa'] }, v: 'teller' },
      { _id: 'loan:1', _rev: '2-ccc', _revisions: { start: 2, ids: ['ccc', 'aaa'] }, v: 'manager' },
    ],
    { new_edits: false },
  );
  const c = await db.get<{ phone: string }>('customer:01');
  await db.put({ ...c, phone: PHONE, note: `第二版 ${ID_NUMBER}` });
}

/** Everything a replication peer or a screen could observe of a store, to compare before and after. */
async function snapshot(db: PouchDB.Database<object>) {
  const all = await db.allDocs({ include_docs: true, conflicts: true, attachments: true, binary: true });
  const changes = await db.changes({ since: 0, style: 'all_docs' });
  const info = await db.info();
  return {
    docs: all.rows.map((r) => ({ id: r.id, rev: r.value.rev, doc: r.doc })),
    changes: changes.results.map((c) => [c.seq, c.id, c.changes.map((x) => x.rev)]),
    updateSeq: info.update_seq,
    docCount: info.doc_count,
    local: await db.get('_local/checkpoint-hq'),
    conflicts: listConflicts(db),
    history: await db.get('customer:01', { revs: true, open_revs: 'all' }),
    scan: Buffer.from((await db.getAttachment('document:01', 'front.png')) as Buffer),
  };
}

describe('the encrypted store', () => {
  it('holds no ID number, phone, name or PNG bytes in clear, in the file or in its WAL', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const db = createPouch(file, { key: key() });
    await fill(db);
    // Read while the WAL still holds the latest pages, then again after they reached the main file.
    expectNoClearText(file);
    await db.close();
    expectNoClearText(file);
  });

  it('the same writes without a key leave all of it readable (what the test above guards against)', async () => {
    const file = path.join(dir, 'plain.sqlite');
    const db = createPouch(file, { key: null });
    await fill(db);
    await db.close();
    const bytes = onDisk(file);
    expect(bytes.includes(ID_NUMBER)).toBe(true);
    expect(bytes.includes(PNG_MAGIC)).toBe(true);
  });

  it('reopens with its key; a wrong key, no key or a second open under another key is refused', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const k = key();
    const db = createPouch(file, { key: k });
    await fill(db);
    await expect(createPouch(file, { key: key() }).info()).rejects.toThrow(/already open with another key/);
    await db.close();
    expect(() => openSqlite(file, key())).toThrow(StoreKeyError);
    expect(() => openSqlite(file, null).prepare('SELECT * FROM docs').all()).toThrow(/not a database/);
    const again = createPouch(file, { key: k });
    expect((await again.get<{ idNumber: string }>('customer:01')).idNumber).toBe(ID_NUMBER);
    await again.close();
  });

  it('creates its files 0600 whatever the umask', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const old = process.umask(0o000);
    try {
      const db = createPouch(file, { key: key() });
      await fill(db);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
      await db.close();
    } finally {
      process.umask(old);
    }
  });

  it('narrows a store file an older version left 0644', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const k = key();
    await createPouch(file, { key: k }).close();
    fs.chmodSync(file, 0o644);
    await createPouch(file, { key: k }).close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps FTS5 (with the trigram tokenizer) and the JSON functions', () => {
    const db = openSqlite(path.join(dir, 'fts.sqlite'), key());
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(name, id_number, tokenize = 'trigram')`);
    db.prepare('INSERT INTO t VALUES (?, ?)').run('张建国', ID_NUMBER);
    expect(db.prepare('SELECT name FROM t WHERE t MATCH ?').pluck().all('"1199003"')).toEqual(['张建国']);
    expect(db.prepare("SELECT name FROM t WHERE id_number LIKE '%9900307%' AND name LIKE '%建国'").pluck().all()).toEqual(['张建国']);
    expect(db.prepare(`SELECT json_extract(?, '$.a[1]')`).pluck().get('{"a":[1,2]}')).toBe(2);
    expect(db.prepare(`SELECT ? ->> '$.b'`).pluck().get('{"b":"x"}')).toBe('x');
    db.close();
  });
});

describe('a store written before encryption', () => {
  it('is encrypted on first open with a key, keeping every document, revision, conflict, local doc and scan', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const old = createPouch(file, { key: null });
    await fill(old);
    const before = await snapshot(old);
    await old.close();
    expect(isPlainSqliteFile(file)).toBe(true);

    const k = key();
    const store = await openStore({ path: file, key: k });
    expect(await snapshot(store.pouch)).toEqual(before);
    // The store keeps working: a new write gets the next sequence number.
    const res = await store.pouch.put({ _id: 'customer:02', type: 'customer', name: '李秀英' });
    expect(res.ok).toBe(true);
    expect((await store.pouch.info()).update_seq).toBe(Number(before.updateSeq) + 1);
    await store.close();
    expectNoClearText(file);
    expect(fs.readdirSync(dir).sort()).toEqual(['branch.sqlite', 'branch.sqlite-shm', 'branch.sqlite-wal'].filter((f) => fs.existsSync(path.join(dir, f))));
    expect(fs.existsSync(`${file}.rewrite`)).toBe(false);
  });

  it('survives a crash during the migration: the plain file stays usable and the next open finishes', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const old = createPouch(file, { key: null });
    await fill(old);
    const before = await snapshot(old);
    await old.close();
    // What a crash half-way leaves: a partial copy beside the untouched original.
    fs.writeFileSync(`${file}.rewrite`, 'half a copy');
    const store = await openStore({ path: file, key: key() });
    expect(await snapshot(store.pouch)).toEqual(before);
    await store.close();
    expect(fs.existsSync(`${file}.rewrite`)).toBe(false);
  });

  it('reports the rows it carried over, table by table', () => {
    const file = path.join(dir, 'raw.sqlite');
    const db = openSqlite(file, null);
    db.exec('CREATE TABLE a (x); INSERT INTO a VALUES (1), (2);');
    db.close();
    expect(encryptPlainStore(file, key())).toEqual({ a: 2 });
  });
});

describe('re-keying', () => {
  /** A filled store under a first key, closed; a second key to move it to. */
  async function closedStore() {
    const file = path.join(dir, 'branch.sqlite');
    const k1 = key();
    const k2 = key();
    const db = createPouch(file, { key: k1 });
    await fill(db);
    const before = await snapshot(db);
    await db.close();
    return { file, k1, k2, before };
  }

  it('changes the key of a closed store; the old key no longer opens it', async () => {
    const { file, k1, k2, before } = await closedStore();
    rekeyStore(file, k1, k2);
    expect(() => openSqlite(file, k1)).toThrow(StoreKeyError);
    const after = createPouch(file, { key: k2 });
    expect(await snapshot(after)).toEqual(before);
    await after.close();
    expectNoClearText(file);
  });

  it('a store left under the previous key by an interrupted rotation is moved to the current key on open', async () => {
    const { file, k1, k2, before } = await closedStore();
    const after = createPouch(file, { key: k2, previousKeys: [key(), k1] });
    expect(await snapshot(after)).toEqual(before);
    await after.close();
    expect(() => openSqlite(file, k1)).toThrow(StoreKeyError);
  });
});

describe('tampering', () => {
  it('a changed byte in a page is an error, not silently different data', async () => {
    const file = path.join(dir, 'branch.sqlite');
    const k = key();
    const db = createPouch(file, { key: k });
    await fill(db);
    await db.close();
    const probe = openSqlite(file, k);
    const page = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'attachments' AND pagetype = 'overflow' LIMIT 1").pluck().get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const bytes = fs.readFileSync(file);
    // Inside one page of the scan's body.
    const at = (page - 1) * pageSize + 100;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, new Uint8Array([bytes[at]! ^ 0xff]), 0, 1, at);
    fs.closeSync(fd);
    const sql = openSqlite(file, k);
    try {
      expect(() => sql.prepare('SELECT body FROM attachments').all()).toThrow();
    } finally {
      sql.close();
    }
  });
});

// Does the SQLite driver load, and does it encrypt? Run by scripts/setup.sh after `npm ci`: npm 11 skips
// install scripts it was not told to allow, and a prebuilt download fails offline, so the native module may be
// missing or built for another ABI. Checks what the store relies on: the cipher with a raw key, WAL, FTS5
// trigram and the JSON functions. Exit code 0 = usable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// This script checks the driver itself, so it is the one file outside db/ that loads it.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import Driver from 'better-sqlite3-multiple-ciphers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-sqlite-check-'));
const file = path.join(dir, 'check.sqlite');
const key = `x'${'5a'.repeat(32)}'`;
try {
  let db = new Driver(file);
  db.pragma("cipher = 'aegis'");
  db.pragma(`key = "${key}"`);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE VIRTUAL TABLE t USING fts5(v, tokenize = 'trigram'); INSERT INTO t VALUES ('142601199003071234')");
  db.close();
  if (fs.readFileSync(file).includes('142601199003071234')) throw new Error('the database file is not encrypted');
  db = new Driver(file);
  db.pragma("cipher = 'aegis'");
  db.pragma(`key = "${key}"`);
  const hit = db.prepare("SELECT v FROM t WHERE t MATCH '\"9900307\"'").pluck().get();
  const json = db.prepare("SELECT json_extract('{\"a\":[1,2]}', '$.a[1]')").pluck().get();
  db.close();
  if (hit !== '142601199003071234' || json !== 2) throw new Error('FTS5 trigram or JSON functions missing');
} catch (error) {
  console.error(`[setup] SQLite driver not usable: ${error.message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A branch PC's data folder at rest: every store the core writes is encrypted with a key from the device secrets,
 * files and folders are private, and a folder written by a version before encryption is taken over whole.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { listConflicts } from '../../db/projection';
import { isPlainSqliteFile } from '../../db/sqlite';
import { openStore } from '../../db/store';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { BRANCH_PROJECTIONS, branchDbName, createCore } from './core';
import { referenceDbName } from './credit/reference-store';
import { createTestCore, TEST_PASSWORD, testHeadOffice } from './testing/test-core';
import { trustRootOf } from '../../trust/head-office-keys';

const first17 = '14108119850612001';
const ID = first17 + residentIdCheckChar(first17);
const PHONE = '13800138000';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'jw-at-rest-'));
  dirs.push(d);
  return d;
};

/** What the branch PC holds after a teller's work: a customer and an ID-card scan, each with its audit entry. */
async function tellersWork(t: Awaited<ReturnType<typeof createTestCore>>) {
  const token = await t.login('T001');
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#e8eef2' } }).png().toBuffer();
  const customer = await t.call('customers.create', {
    customer: { kind: 'individual', name: '张叁', idNumber: ID, phone: PHONE, address: '山西省侯马市新田乡东阳村3组', group: 'farmer' },
  }, token);
  const document = await t.call('documents.saveVerdict', {
    customerId: customer.id, kind: 'id-card', images: { front: png.toString('base64') }, verdict: 'rejected', reason: '照片模糊',
    fields: { name: '张叁', sex: '男', ethnicity: '汉', birthDate: '1985-06-12', address: '山西省侯马市', idNumber: ID, issuingAuthority: '侯马市公安局', validFrom: '2020-01-01', validUntil: '长期' },
  }, token);
  return { token, customerId: customer.id, documentId: document.id, png };
}

function storeFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((f) => /\.sqlite(-wal)?$/.test(f)).map((f) => join(dataDir, f));
}

function expectEncrypted(dataDir: string): void {
  const files = storeFiles(dataDir);
  expect(files.map((f) => f.replace(`${dataDir}/`, '')).sort()).toEqual(expect.arrayContaining([`${branchDbName('HM01')}.sqlite`, `${referenceDbName}.sqlite`]));
  for (const file of files) {
    const bytes = readFileSync(file);
    if (!file.endsWith('-wal')) expect(isPlainSqliteFile(file), file).toBe(false);
    expect(bytes.includes(ID), file).toBe(false);
    expect(bytes.includes(PHONE), file).toBe(false);
    expect(bytes.includes(PNG_MAGIC), file).toBe(false);
    // Staff password hashes (scrypt strings) are in the branch store too.
    expect(bytes.includes('scrypt$'), file).toBe(false);
  }
}

describe('the data folder at rest', () => {
  it('holds the customer, the scan and staff hashes only encrypted, in private files', async () => {
    const old = process.umask(0o022);
    const t = await createTestCore({ dataDir: join(tempDir(), 'data') });
    try {
      const { token, documentId, png } = await tellersWork(t);
      // Readable through the app, not on the disk.
      const image = await t.call('documents.image', { id: documentId, name: 'front.png' }, token);
      expect(Buffer.from(image.data, 'base64').equals(png)).toBe(true);
      expectEncrypted(t.dataDir);
      expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
      for (const f of readdirSync(t.dataDir, { recursive: true, withFileTypes: true })) {
        const p = join(f.parentPath, f.name);
        expect(statSync(p).mode & 0o777, p).toBe(f.isDirectory() ? 0o700 : 0o600);
      }
    } finally {
      await t.dispose();
      process.umask(old);
    }
  });

  it('takes over a folder written before encryption: every document, scan, local doc and conflict kept', async () => {
    // The previous version's folder: the same stores as plain SQLite files, 0644 in a 0755 folder.
    const source = await createTestCore({ dataDir: join(tempDir(), 'data') });
    const work = await tellersWork(source);
    await source.core.store.pouch.bulkDocs(
      [
        { _id: 'loan:conflicted', _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] }, type: 'note', v: 'root' },
        { _id: 'loan:conflicted', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'aaa'] }, type: 'note', v: 'teller' },
        { _id: 'loan:conflicted', _rev: '2-ccc', _revisions: { start: 2, ids: ['ccc', 'aaa'] }, type: 'note', v: 'manager' },
      ],
      { new_edits: false },
    );
    const everything = async (pouch: PouchDB.Database<object>) => ({
      docs: (await pouch.allDocs({ include_docs: true, conflicts: true, attachments: true, binary: true })).rows,
      changes: (await pouch.changes({ since: 0, style: 'all_docs' })).results.map((c) => [c.seq, c.id, c.changes]),
      local: await pouch.get('_local/sync-checkpoint'),
    });
    const before: Record<string, Awaited<ReturnType<typeof everything>>> = {};

    const oldDir = join(tempDir(), 'old');
    for (const [dbName, copy] of [[branchDbName('HM01'), source.core.store.pouch], [referenceDbName, source.core.reference.pouch]] as const) {
      const plain = await openStore({ path: join(oldDir, `${dbName}.sqlite`), key: null, projections: dbName === referenceDbName ? [] : BRANCH_PROJECTIONS });
      const all = await copy.allDocs({ include_docs: true });
      for (const row of all.rows) {
        // Every leaf with its history: a conflicted document travels as all its branches, as replication sends it.
        const leaves = (await copy.get(row.id, { revs: true, open_revs: 'all', attachments: true, binary: true } as object)) as unknown as { ok?: object }[];
        await plain.pouch.bulkDocs(leaves.flatMap((l) => (l.ok ? [l.ok] : [])), { new_edits: false });
      }
      await plain.pouch.put({ _id: '_local/sync-checkpoint', last_seq: 17 });
      before[dbName] = await everything(plain.pouch);
      await plain.close();
      chmodSync(join(oldDir, `${dbName}.sqlite`), 0o644);
    }
    chmodSync(oldDir, 0o755);
    await source.dispose();
    for (const f of storeFiles(oldDir)) expect(isPlainSqliteFile(f) || f.endsWith('-wal')).toBe(true);
    expect(readFileSync(join(oldDir, `${branchDbName('HM01')}.sqlite`)).includes(ID)).toBe(true);

    // Opened by the core itself (createTestCore would add its staff again).
    const core = await createCore({ dataDir: oldDir, branchCode: 'HM01', deviceId: 'HM01-TEST', trust: trustRootOf(testHeadOffice()), log: () => {} });
    const call = async (method: string, args: object, token?: string) => {
      const res = await core.call({ method, args, token });
      if (!res.ok) throw new Error(res.error.message);
      return res.value as Record<string, string>;
    };
    try {
      expect(await everything(core.store.pouch)).toEqual(before[branchDbName('HM01')]);
      expect(await everything(core.reference.pouch)).toEqual(before[referenceDbName]);
      expect(before[branchDbName('HM01')]!.docs.length).toBeGreaterThan(10);
      // The app reads what the teller saved.
      const { token } = await call('session.login', { staffNo: 'T001', password: TEST_PASSWORD });
      expect((await call('customers.get', { id: work.customerId }, token)).idNumber).toBe(ID);
      const image = await call('documents.image', { id: work.documentId, name: 'front.png' }, token);
      expect(Buffer.from(image.data!, 'base64').equals(work.png)).toBe(true);
      expect(listConflicts(core.store.pouch)).toEqual(['loan:conflicted']);
    } finally {
      await core.close();
    }
    expectEncrypted(oldDir);
    expect(statSync(oldDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(oldDir, `${branchDbName('HM01')}.sqlite`)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(oldDir, `${branchDbName('HM01')}.sqlite.rewrite`))).toBe(false);
  });
});

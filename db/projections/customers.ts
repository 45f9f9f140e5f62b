import type { Database } from '../sqlite';
import { nameSearchKeys } from '../../domain/customers/pinyin';
import { cachedStatement, type Projection } from '../projection';
import { bigramTokens } from '../queries/search-text';

/**
 * Search columns for every live customer, kept in the write transaction so search never lags a save.
 *
 * Prefix search (name, pinyin, ID number, USCC, phone) runs on ordinary indexes; "any part of" search runs on
 * two FTS5 indexes sharing the customer's rowid: `customer_text` (trigram tokenizer: any substring of three or
 * more characters, digits included) and `customer_bigram` (the Chinese text cut into overlapping pairs, so a
 * two-character query such as a given name or a place name is one index lookup). Both are contentless: the
 * text lives once, in `customer_index` and the documents.
 */
export const customersProjection: Projection = {
  name: 'customers',
  version: 2,
  ddl: [
    `CREATE TABLE customer_index (
       id TEXT NOT NULL UNIQUE,
       kind TEXT NOT NULL,
       name TEXT NOT NULL,
       name_pinyin TEXT NOT NULL,
       name_initials TEXT NOT NULL,
       id_number TEXT,
       uscc TEXT,
       phone TEXT NOT NULL,
       address TEXT NOT NULL,
       village TEXT,
       grp TEXT,
       updated_at TEXT NOT NULL
     )`,
    'CREATE INDEX customer_index_name ON customer_index(name)',
    'CREATE INDEX customer_index_pinyin ON customer_index(name_pinyin)',
    'CREATE INDEX customer_index_initials ON customer_index(name_initials)',
    'CREATE INDEX customer_index_id_number ON customer_index(id_number)',
    'CREATE INDEX customer_index_uscc ON customer_index(uscc)',
    'CREATE INDEX customer_index_phone ON customer_index(phone)',
    // name: the customer's or enterprise's name; place: address, village, legal representative and shareholders;
    // ident: ID number, USCC and phone (digits); pinyin: the name's full pinyin.
    `CREATE VIRTUAL TABLE customer_text USING fts5(name, place, ident, pinyin, tokenize = 'trigram', content = '', contentless_delete = 1)`,
    `CREATE VIRTUAL TABLE customer_bigram USING fts5(name, place, content = '', contentless_delete = 1)`,
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    // Rows exist only for `customer:` ids; every other document of a pulled batch passes without a query.
    if (!id.startsWith('customer:')) return;
    const old = cachedStatement(sql, 'SELECT rowid FROM customer_index WHERE id = ?').get(id) as { rowid: number } | undefined;
    if (old) {
      cachedStatement(sql, 'DELETE FROM customer_text WHERE rowid = ?').run(old.rowid);
      cachedStatement(sql, 'DELETE FROM customer_bigram WHERE rowid = ?').run(old.rowid);
    }
    if (!doc || doc.type !== 'customer') {
      if (old) cachedStatement(sql, 'DELETE FROM customer_index WHERE rowid = ?').run(old.rowid);
      return;
    }
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    const name = String(doc.name ?? '');
    const keys = nameSearchKeys(name);
    const row = [String(doc.kind), name, keys.full, keys.initials, str(doc.idNumber), str(doc.uscc), String(doc.phone ?? ''),
      String(doc.address ?? ''), str(doc.village), str(doc.group), String(doc.updatedAt ?? '')] as const;
    let rowid: number;
    if (old) {
      rowid = old.rowid;
      cachedStatement(sql, `UPDATE customer_index SET kind = ?, name = ?, name_pinyin = ?, name_initials = ?, id_number = ?, uscc = ?,
          phone = ?, address = ?, village = ?, grp = ?, updated_at = ? WHERE rowid = ?`).run(...row, rowid);
    } else {
      rowid = Number(cachedStatement(sql, `INSERT INTO customer_index (kind, name, name_pinyin, name_initials, id_number, uscc, phone,
          address, village, grp, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...row, id).lastInsertRowid);
    }
    const shareholders = Array.isArray(doc.shareholders) ? (doc.shareholders as { name?: unknown }[]).map((s) => str(s.name)) : [];
    // A separator no query contains, so a match never spans two fields.
    const place = [str(doc.address), str(doc.village), str(doc.legalRepresentative), ...shareholders].filter(Boolean).join('\u0001');
    const ident = [str(doc.idNumber), str(doc.uscc), str(doc.phone)].filter(Boolean).join('\u0001');
    cachedStatement(sql, 'INSERT INTO customer_text (rowid, name, place, ident, pinyin) VALUES (?, ?, ?, ?, ?)').run(rowid, name, place, ident, keys.full);
    cachedStatement(sql, 'INSERT INTO customer_bigram (rowid, name, place) VALUES (?, ?, ?)').run(rowid, bigramTokens(name), bigramTokens(place));
  },
};

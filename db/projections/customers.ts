import type { Database } from 'better-sqlite3';
import { nameSearchKeys } from '../../domain/customers/pinyin';
import { cachedStatement, type Projection } from '../projection';

/** Search columns for every live customer, kept in the write transaction so search never lags a save. */
export const customersProjection: Projection = {
  name: 'customers',
  version: 1,
  ddl: [
    `CREATE TABLE customer_index (
       id TEXT PRIMARY KEY,
       kind TEXT NOT NULL,
       name TEXT NOT NULL,
       name_pinyin TEXT NOT NULL,
       name_initials TEXT NOT NULL,
       id_number TEXT,
       uscc TEXT,
       phone TEXT NOT NULL,
       village TEXT,
       grp TEXT,
       updated_at TEXT NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX customer_index_name ON customer_index(name)',
    'CREATE INDEX customer_index_pinyin ON customer_index(name_pinyin)',
    'CREATE INDEX customer_index_initials ON customer_index(name_initials)',
    'CREATE INDEX customer_index_id_number ON customer_index(id_number)',
    'CREATE INDEX customer_index_uscc ON customer_index(uscc)',
    'CREATE INDEX customer_index_phone ON customer_index(phone)',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (!id.startsWith('customer:') || !doc || doc.type !== 'customer') {
      cachedStatement(sql, 'DELETE FROM customer_index WHERE id = ?').run(id);
      return;
    }
    const name = String(doc.name ?? '');
    const keys = nameSearchKeys(name);
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    cachedStatement(
      sql,
      `INSERT OR REPLACE INTO customer_index
           (id, kind, name, name_pinyin, name_initials, id_number, uscc, phone, village, grp, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, String(doc.kind), name, keys.full, keys.initials, str(doc.idNumber), str(doc.uscc),
        String(doc.phone ?? ''), str(doc.village), str(doc.group), String(doc.updatedAt ?? ''));
  },
};

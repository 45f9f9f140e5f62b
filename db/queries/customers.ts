import type { Database, Statement } from 'better-sqlite3';

export interface CustomerIndexRow {
  id: string;
  kind: 'individual' | 'enterprise';
  name: string;
  id_number: string | null;
  uscc: string | null;
  phone: string;
  village: string | null;
  grp: string | null;
  updated_at: string;
}

// The top code point sorts after every UTF-8 string with the prefix, so `col >= p AND col < p||MAX` is a prefix
// match that SQLite answers from the column's index (LIKE would not use it under the BINARY collation).
const MAX = '\u{10FFFF}';
const COLUMNS = 'id, kind, name, id_number, uscc, phone, village, grp, updated_at';

type QueryKind = 'digits' | 'latin' | 'code' | 'text';

function classify(q: string): QueryKind {
  if (/^\d+[Xx]?$/.test(q)) return 'digits';
  if (/^[A-Za-z]+$/.test(q)) return 'latin';
  if (/^[0-9A-Za-z]+$/.test(q)) return 'code';
  return 'text';
}

// Each branch reads at most @limit rows in index order, so a one-character prefix matching tens of thousands of
// customers costs the same as an exact match; only the few candidates are merged and sorted.
const prefix = (col: string, p = '@p', hi = '@hi') =>
  `SELECT * FROM (SELECT ${COLUMNS} FROM customer_index WHERE ${col} >= ${p} AND ${col} < ${hi} ORDER BY ${col} LIMIT @limit)`;
const ordered = (parts: string[]) => `SELECT * FROM (${parts.join(' UNION ')}) ORDER BY length(name), name LIMIT @limit`;

// @p is the prefix as typed (lower-case for pinyin), @hi its upper bound; ID numbers and codes are upper-case.
const SQL: Record<QueryKind, string> = {
  digits: ordered([prefix('id_number'), prefix('phone'), prefix('uscc')]),
  latin: ordered([prefix('name_initials'), prefix('name_pinyin'), prefix('uscc', 'upper(@p)', 'upper(@hi)')]),
  code: ordered([prefix('uscc'), prefix('id_number')]),
  text: ordered([prefix('name')]),
};

/** Prefix search over the projection by name, pinyin initials or full pinyin, ID number, USCC or phone. */
export function customerQueries(sql: Database) {
  const statements = new Map<QueryKind, Statement>();
  const stmt = (kind: QueryKind) => {
    let s = statements.get(kind);
    if (!s) statements.set(kind, (s = sql.prepare(SQL[kind])));
    return s;
  };
  const byIdNumber = sql.prepare(`SELECT ${COLUMNS} FROM customer_index WHERE id_number = ?`);
  const byUscc = sql.prepare(`SELECT ${COLUMNS} FROM customer_index WHERE uscc = ?`);

  return {
    search(raw: string, limit: number): CustomerIndexRow[] {
      const q = raw.trim();
      if (!q) return [];
      const kind = classify(q);
      const p = kind === 'latin' ? q.toLowerCase() : kind === 'text' ? q : q.toUpperCase();
      return stmt(kind).all({ p, hi: p + MAX, limit }) as CustomerIndexRow[];
    },
    findByIdNumber(idNumber: string): CustomerIndexRow[] {
      return byIdNumber.all(idNumber) as CustomerIndexRow[];
    },
    findByUscc(uscc: string): CustomerIndexRow[] {
      return byUscc.all(uscc) as CustomerIndexRow[];
    },
  };
}

import type { Database, Statement } from '../sqlite';
import { ftsPhrase, isHanPair, normalizeQuery } from './search-text';

export interface CustomerIndexRow {
  id: string;
  kind: 'individual' | 'enterprise';
  name: string;
  id_number: string | null;
  uscc: string | null;
  phone: string;
  address: string;
  village: string | null;
  grp: string | null;
  updated_at: string;
}

// The top code point sorts after every UTF-8 string with the prefix, so `col >= p AND col < p||MAX` is a prefix
// match that SQLite answers from the column's index (LIKE would not use it under the BINARY collation).
const MAX = '\u{10FFFF}';
const COLUMNS = 'id, kind, name, id_number, uscc, phone, address, village, grp, updated_at';

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
const PREFIX_SQL: Record<QueryKind, string> = {
  digits: ordered([prefix('id_number'), prefix('phone'), prefix('uscc')]),
  latin: ordered([prefix('name_initials'), prefix('name_pinyin'), prefix('uscc', 'upper(@p)', 'upper(@hi)')]),
  code: ordered([prefix('uscc'), prefix('id_number')]),
  text: ordered([prefix('name')]),
};

/** The most digits a teller types from the end of a number: a mobile's last 7 (the last 4 of an ID are fewer). */
const LONGEST_TAIL = 7;

// FTS5 answers in rowid order and stops at the LIMIT, so a phrase found in tens of thousands of customers
// ("有限公司") costs no more than a rare one.
const ftsSql = (table: 'customer_text' | 'customer_bigram') =>
  `SELECT ${COLUMNS} FROM customer_index WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${table} MATCH @m LIMIT @limit)
   ORDER BY length(name), name`;

/**
 * Where "any part of" a query is looked for, best columns first: the name, then address/village/people, then
 * identifiers. Trigrams need three characters; two Chinese characters (a given name, a place) use the pairs index.
 */
function substringPlan(q: string, kind: QueryKind): { table: 'customer_text' | 'customer_bigram'; columns: string[] }[] {
  const length = [...q].length;
  if (kind === 'text') {
    if (length >= 3) return [{ table: 'customer_text', columns: ['name'] }, { table: 'customer_text', columns: ['place'] }];
    if (isHanPair(q)) return [{ table: 'customer_bigram', columns: ['name'] }, { table: 'customer_bigram', columns: ['place'] }];
    return [];
  }
  if (length < 3) return [];
  if (kind === 'latin') return [{ table: 'customer_text', columns: ['pinyin'] }];
  return [{ table: 'customer_text', columns: ['ident'] }];
}

/**
 * Customer search: by the start of a name, pinyin initials or full pinyin, ID number, USCC or phone first, then
 * by any part of a name, an address or village, a phone or an ID number (full-width and spaced input is folded).
 */
export function customerQueries(sql: Database) {
  const statements = new Map<string, Statement>();
  const stmt = (text: string) => {
    let s = statements.get(text);
    if (!s) statements.set(text, (s = sql.prepare(text)));
    return s;
  };
  const byIdNumber = sql.prepare(`SELECT ${COLUMNS} FROM customer_index WHERE id_number = ?`);
  const byUscc = sql.prepare(`SELECT ${COLUMNS} FROM customer_index WHERE uscc = ?`);

  return {
    search(raw: string, limit: number): CustomerIndexRow[] {
      const q = normalizeQuery(raw);
      if (!q) return [];
      const kind = classify(q);
      const p = kind === 'latin' ? q.toLowerCase() : kind === 'text' ? q : q.toUpperCase();
      const out = stmt(PREFIX_SQL[kind]).all({ p, hi: p + MAX, limit }) as CustomerIndexRow[];
      const seen = new Set(out.map((r) => r.id));
      // A long run of digits that starts an ID number or phone is that number; looking for it inside others
      // too would cost a dozen very common digit trigrams for nothing.
      const plan = (kind === 'digits' || kind === 'code') && out.length > 0 && p.length > LONGEST_TAIL ? [] : substringPlan(p, kind);
      for (const step of plan) {
        if (out.length >= limit) break;
        const m = `{${step.columns.join(' ')}} : ${ftsPhrase(p)}`;
        for (const r of stmt(ftsSql(step.table)).all({ m, limit: limit + seen.size }) as CustomerIndexRow[]) {
          if (out.length >= limit) break;
          if (!seen.has(r.id)) {
            seen.add(r.id);
            out.push(r);
          }
        }
      }
      return out;
    },
    findByIdNumber(idNumber: string): CustomerIndexRow[] {
      return byIdNumber.all(idNumber) as CustomerIndexRow[];
    },
    findByUscc(uscc: string): CustomerIndexRow[] {
      return byUscc.all(uscc) as CustomerIndexRow[];
    },
    /** Names of the given customer ids that are in this store (one query). */
    namesOf(ids: string[]): Map<string, string> {
      if (!ids.length) return new Map();
      const rows = stmt('SELECT id, name FROM customer_index WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: string; name: string }[];
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}

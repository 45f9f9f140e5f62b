import { readTable, TableReadError, type Cell, type ReadLimits } from './table-reader';

export interface RowError {
  /** The file's row number, the header being row 1. */
  line: number;
  messageZh: string;
}

export interface ReadRows<R> {
  rows: R[];
  /** The first errors, each naming its row. */
  errors: RowError[];
  errorCount: number;
}

/**
 * What one kind of import knows: its limits, how the header maps to its fields, how one row becomes a record,
 * and what the whole comes to. `finish` runs in the import worker too, so only its (small) result crosses back
 * to the thread that serves the UI — never the hundreds of thousands of rows.
 */
export interface TableImporter<M, R, P, Out> {
  limits: ReadLimits;
  /** The header row → the column mapping, or a Chinese message naming the missing column. */
  mapping(headers: string[]): M | string;
  /** `line` is the file's row number (the header is row 1). */
  row(record: Record<string, Cell>, mapping: M, line: number): { row: R } | { error: string } | { skip: true };
  finish(read: ReadRows<R>, params: P): Out;
}

const MAX_ERRORS_KEPT = 100;

/** Reads `bytes` with the importer; throws {@link TableReadError} for what the user must fix in the file. */
export async function runImporter<M, R, P, Out>(importer: TableImporter<M, R, P, Out>, bytes: Uint8Array, params: P): Promise<Out> {
  let mapping: M | undefined;
  const read: ReadRows<R> = { rows: [], errors: [], errorCount: 0 };
  await readTable(bytes, importer.limits, {
    header(headers) {
      const m = importer.mapping(headers);
      if (typeof m === 'string') throw new TableReadError(m);
      mapping = m;
    },
    row(record, line) {
      const r = importer.row(record, mapping as M, line);
      if ('row' in r) read.rows.push(r.row);
      else if ('error' in r) {
        read.errorCount++;
        if (read.errors.length < MAX_ERRORS_KEPT) read.errors.push({ line, messageZh: `第${line}行：${r.error}` });
      }
    },
  });
  return importer.finish(read, params);
}

import { analyzeFlows, detectColumns, mapFlowRecord, mappingProblemZh, type ColumnMapping, type FlowAnalysis, type FlowRow } from '../../../domain/credit/merchant-flows';
import type { RowError, TableImporter } from '../import/importer';

export interface FlowsImportResult {
  rows: number;
  /** The first 20 rows that could not be read, by row number. */
  errors: RowError[];
  errorCount: number;
  analysis: FlowAnalysis;
}

/**
 * A merchant's POS/ERP/bank export (CSV in UTF-8 or GBK, or .xlsx) → the turnover analysis the limit model reads.
 * 200,000 rows is years of a busy stall's POS export; a file beyond that (or one whose sheet inflates past 128 MB)
 * is refused with a message, not half-read.
 */
export const merchantFlowsImporter: TableImporter<ColumnMapping, FlowRow, { asOf: string }, FlowsImportResult> = {
  limits: { maxRows: 200_000, maxColumns: 64, maxPartBytes: 128 * 1024 * 1024 },
  mapping(headers) {
    const mapping = detectColumns(headers);
    return mappingProblemZh(mapping) ?? mapping;
  },
  row: (record, mapping) => mapFlowRecord(record, mapping),
  finish: ({ rows, errors, errorCount }, { asOf }) => ({ rows: rows.length, errors: errors.slice(0, 20), errorCount, analysis: analyzeFlows(rows, asOf) }),
};

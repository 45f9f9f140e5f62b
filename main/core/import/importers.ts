import { merchantFlowsImporter } from '../credit/flows-import';
import { householdListImporter } from '../village/household-import';

/**
 * Every kind of file import the core runs in its import worker, by name (a worker cannot be handed functions).
 * A new importer: a {@link TableImporter} beside its area's code, one line here, then `importTable(kind, …)`.
 */
export const IMPORTERS = {
  'merchant-flows': merchantFlowsImporter,
  'village-households': householdListImporter,
} as const;

export type ImportKind = keyof typeof IMPORTERS;
export type ImportParams<K extends ImportKind> = Parameters<(typeof IMPORTERS)[K]['finish']>[1];
export type ImportResult<K extends ImportKind> = ReturnType<(typeof IMPORTERS)[K]['finish']>;

import { checkListRow, groupHouseholds, listCells, mapListColumns, type LineProblem, type ListCells, type ListHousehold, type ListMapping } from '../../../domain/village/household-list';
import { preCredit, type PreCredit } from '../../../domain/village/pre-credit';
import type { TableImporter } from '../import/importer';

export interface ImportedHousehold extends ListHousehold {
  preCredit: PreCredit;
}

export interface HouseholdListResult {
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Households every line of which is good, each priced by the pre-credit model. */
  households: ImportedHousehold[];
  /** The first refused lines with every problem each has; `problemCount` counts them all. */
  problems: LineProblem[];
  problemCount: number;
}

const MAX_PROBLEMS_SHOWN = 1000;

/**
 * A village committee's household list (CSV in UTF-8 or GB18030, or .xlsx) → households checked and pre-priced.
 * A list is one village's or one township's: 100,000 people is more than any township a branch serves, so a file
 * beyond that is refused whole with a message instead of being half-read.
 */
export const householdListImporter: TableImporter<ListMapping, ListCells, { asOf: string }, HouseholdListResult> = {
  limits: { maxRows: 100_000, maxColumns: 64, maxPartBytes: 128 * 1024 * 1024, tooManyRowsHintKey: 'village.tooManyRowsHint' },
  mapping: (headers) => mapListColumns(headers),
  row(record, mapping, line) {
    const cells = listCells(record, mapping, line);
    return cells ? { row: cells } : { skip: true };
  },
  finish({ rows }, { asOf }) {
    const today = new Date(`${asOf}T00:00:00Z`);
    const grouped = groupHouseholds(rows.map((r) => checkListRow(r, today)));
    return {
      rows: rows.length,
      households: grouped.households.map((h) => ({ ...h, preCredit: preCredit({ members: h.members }, asOf) })),
      problems: grouped.problems.slice(0, MAX_PROBLEMS_SHOWN),
      problemCount: grouped.problems.length,
    };
  },
};

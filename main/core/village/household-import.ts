import { checkListRow, groupHouseholds, listCells, mapListColumns, type LineProblem, type ListCells, type ListHousehold, type ListMapping, type ListMember } from '../../../domain/village/household-list';
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
 * The good households as they cross from the import worker: one JSON string of arrays (`PackedHousehold`), not
 * 20,000 household objects. A structured clone writes every property name of every member again (19 MB for a
 * 20,000-household list) and builds each object field by field on the serving thread; a string crosses as one copy.
 */
export interface PackedHouseholdList {
  rows: number;
  households: string;
  problems: LineProblem[];
  problemCount: number;
}
type PackedMember = [line: number, name: string, idNumber: string, relation: ListMember['relation'], phone: string, birthDate: string, sex: ListMember['sex']];
type PackedHousehold = [headIdNumber: string, householdNo: string, group: string, lines: number[], members: PackedMember[]];

const pack = (households: ListHousehold[]): string =>
  JSON.stringify(households.map((h): PackedHousehold => [h.headIdNumber, h.householdNo, h.group, h.lines, h.members.map((m): PackedMember => [m.line, m.name, m.idNumber, m.relation, m.phone, m.birthDate, m.sex])]));

/** The worker's answer → households, each priced by the pre-credit model (on the calling thread: cheap, and its reasons need not cross). */
export function unpackHouseholdList(packed: PackedHouseholdList, asOf: string): HouseholdListResult {
  const households = (JSON.parse(packed.households) as PackedHousehold[]).map(([headIdNumber, householdNo, group, lines, members]): ImportedHousehold => {
    const list: ListMember[] = members.map(([line, name, idNumber, relation, phone, birthDate, sex]) => ({ line, name, idNumber, relation, phone, birthDate, sex }));
    return { headIdNumber, householdNo, group, lines, members: list, preCredit: preCredit({ members: list }, asOf) };
  });
  return { rows: packed.rows, households, problems: packed.problems, problemCount: packed.problemCount };
}

/**
 * A village committee's household list (CSV in UTF-8 or GB18030, or .xlsx) → households checked (and packed for the
 * trip back, see {@link unpackHouseholdList}). A list is one village's or one township's: 100,000 people is more than
 * any township a branch serves, so a file beyond that is refused whole with a message instead of being half-read.
 */
export const householdListImporter: TableImporter<ListMapping, ListCells, { asOf: string }, PackedHouseholdList> = {
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
      households: pack(grouped.households),
      problems: grouped.problems.slice(0, MAX_PROBLEMS_SHOWN),
      problemCount: grouped.problems.length,
    };
  },
};

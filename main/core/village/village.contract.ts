import { z } from 'zod';
import type { HouseholdFile } from '../../../domain/village/household-file';
import type { LineProblem } from '../../../domain/village/household-list';
import type { PreCredit } from '../../../domain/village/pre-credit';
import { method } from '../api/method';
import type { HouseholdMember } from './village.docs';

const villageName = z.string().trim().min(1).max(60);
const listFile = {
  village: villageName,
  fileName: z.string().trim().min(1).max(200),
  // Base64 of the list; 100,000 people of a township in CSV is ~8 MB.
  contentBase64: z.string().min(1).max(24 * 1024 * 1024),
};

export interface PreviewHousehold {
  householdNo: string;
  group: string;
  headName: string;
  members: number;
  /** first line of the household in the file */
  line: number;
  change: 'new' | 'changed' | 'unchanged';
  preCreditFen: number;
  linkedCustomers: { name: string; customerId: string }[];
}

export interface ImportPreview {
  village: string;
  fileName: string;
  rows: number;
  households: number;
  goodLines: number;
  refusedLines: number;
  newHouseholds: number;
  changedHouseholds: number;
  unchangedHouseholds: number;
  linkedCustomers: number;
  preCreditTotalFen: number;
  /** Refused lines (the first 1,000), each with every problem it has. */
  problems: LineProblem[];
  /** The first 200 households that would be imported. */
  sample: PreviewHousehold[];
}

export interface ImportOutcome {
  importId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  refusedLines: number;
}

export interface HouseholdSummary {
  id: string;
  rev: string;
  village: string;
  group: string;
  householdNo: string;
  headName: string;
  members: HouseholdMember[];
  preCredit: PreCredit;
  file: (HouseholdFile & { filedAt: string; filedBy: string; filedByName: string }) | null;
  updatedAt: string;
}

const text = (max: number) => z.string().trim().max(max);
const fen = z.int().min(0).max(100_000_000_000);
const count = z.int().min(0).max(100_000);
const householdId = z.string().regex(/^household:[0-9a-f]{32}$/);

export const householdFileInput = z.object({
  landTenthMu: z.int().min(0).max(1_000_000).nullable(),
  crops: text(200),
  livestock: z.object({ cattle: count, pigs: count, sheep: count }),
  machinery: text(200),
  machineryValueFen: fen.nullable(),
  house: text(200),
  annualIncomeFen: fen.nullable(),
  debtsFen: fen.nullable(),
  awayIdNumbers: z.array(z.string().regex(/^[0-9]{17}[0-9X]$/)).max(30),
  gps: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), accuracyM: z.number().min(0).max(1_000_000) }).nullable(),
  note: text(500),
}) satisfies z.ZodType<HouseholdFile>;

export const villageContract = {
  'village.previewImport': method<ImportPreview>()(z.object(listFile), 'village.write'),
  'village.importHouseholds': method<ImportOutcome>()(z.object(listFile), 'village.write'),
  'village.households': method<HouseholdSummary[]>()(z.object({ village: villageName, limit: z.int().min(1).max(5000).default(500) }), 'customer.read'),
  'village.household': method<HouseholdSummary>()(z.object({ id: householdId }), 'customer.read'),
  'village.saveFile': method<HouseholdSummary>()(z.object({ id: householdId, rev: z.string().min(3).max(80), file: householdFileInput }), 'village.write'),
  'village.villages': method<{ village: string; households: number }[]>()(z.object({}), 'customer.read'),
};

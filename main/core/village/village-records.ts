import { createHash } from 'node:crypto';
import { householdIdFrom } from '../../../domain/village/household-list';
import { apiError } from '../api/dispatch';
import type { OutputOf, ParsedInputOf } from '../api/method';
import type { HouseholdSummary, villageContract } from './village.contract';
import type { HouseholdDoc } from './village.docs';
import type { ServiceDeps } from '../service-deps';

export type VillageDeps = Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'branch' | 'timeZone'>;

/** One API method's parsed arguments and its result, as villageContract declares them. */
export type In<M extends keyof typeof villageContract> = ParsedInputOf<(typeof villageContract)[M]>;
export type Out<M extends keyof typeof villageContract> = OutputOf<(typeof villageContract)[M]>;

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export const householdId = (headIdNumber: string) => householdIdFrom(sha256, headIdNumber);

export const summaryOf = (d: HouseholdDoc): HouseholdSummary => ({
  id: d._id, rev: d._rev!, village: d.village, group: d.group, householdNo: d.householdNo, headName: d.headName, members: d.members,
  preCredit: d.preCredit, file: d.file, updatedAt: d.updatedAt,
});

export async function loadHousehold(deps: VillageDeps, id: string): Promise<HouseholdDoc> {
  const doc = (await deps.pouch.get<HouseholdDoc>(id).catch(() => null)) as HouseholdDoc | null;
  if (!doc || doc.type !== 'household') throw apiError('NOT_FOUND', 'village.householdNotFound');
  return doc;
}

import type { Handlers } from '../api/handlers';
import type { villageContract } from './village.contract';
import { importHouseholds, previewImport } from './village-import';
import { household, households, saveFile, villages } from './village-households';
import type { VillageDeps } from './village-records';

export { householdId, type VillageDeps } from './village-records';

/**
 * 整村授信, step one: a village committee's household list is read in the import worker (checked line by line,
 * grouped into households, priced by the pre-credit model), shown as a preview with every refused line, and its
 * good households written in one bulkDocs with the import record and its audit entry — all or nothing.
 * Each method is a named function over the deps (village-import, village-households; the plan in household-list-plan).
 */
export function villageHandlers(deps: VillageDeps): Handlers<typeof villageContract> {
  return {
    'village.previewImport': (args, ctx) => previewImport(deps, args, ctx),
    'village.importHouseholds': (args, ctx) => importHouseholds(deps, args, ctx),
    'village.household': (args) => household(deps, args),
    'village.saveFile': (args, ctx) => saveFile(deps, args, ctx),
    'village.households': (args) => households(deps, args),
    'village.villages': () => villages(deps),
  };
}

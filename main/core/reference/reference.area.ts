import type { Handlers } from '../api/handlers';
import { lprPublishHandlers, type LprPublishDeps } from './lpr-publish.service';
import { marketingPublishHandlers } from './marketing-publish.service';
import type { referenceContract } from './reference.contract';

/** Head office's publishing of reference data besides the rule sets: the LPR table and the kiosk's marketing items. */
export function referenceArea(deps: LprPublishDeps): Handlers<typeof referenceContract> {
  return { ...lprPublishHandlers(deps), ...marketingPublishHandlers({ ...deps, reference: deps.reference.pouch }) };
}

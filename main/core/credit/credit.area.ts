import type { Handlers } from '../api/handlers';
import { creditHandlers, type CreditDeps } from './applications.service';
import type { creditContract } from './credit.contract';
import { rulesHandlers } from './rules.service';
import type { MediaServerConfig } from './media-client';
import { videoInvestigationHandlers } from './video-investigation.service';
import { videoSigningHandlers } from './video-signing.service';
import { tabletSigningHandlers } from './tablet-signing.service';
import type { tabletSigningContract } from './tablet-signing.contract';

/** The 精微快贷 area: applications, loans, ownership, rules and the credit dashboard. */
export function creditArea(deps: CreditDeps & { media: MediaServerConfig | null }): Handlers<typeof creditContract & typeof tabletSigningContract> {
  const { tabletESign, ...credit } = creditHandlers(deps);
  const video = videoSigningHandlers({ ...deps, faceSign: credit['loans.faceSign'], eSign: credit['loans.eSign'] });
  return { ...credit, ...rulesHandlers(deps), ...video, ...videoInvestigationHandlers(deps), ...tabletSigningHandlers({ ...deps, tabletESign }) };
}

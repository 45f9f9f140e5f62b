import { watchDocs } from '../../../db/adapter/watch';
import { partnerStatementDocId } from '../../../domain/value/partners';
import type { ServiceDeps } from '../service-deps';

/**
 * The local store's live change feed, told to the screens of 精微易享 and 点亮侯马: a partner statement of this
 * branch, or a marketing task (assigned by head office or the branch head on another PC, worked in the field and
 * synced back), arriving by live sync makes the open screen read again without a reload. One feed for both.
 */
export function watchValueChanges(deps: Pick<ServiceDeps, 'pouch' | 'events' | 'branch'>): { close(): void } {
  const statements = partnerStatementDocId(deps.branch, '');
  const feed = watchDocs(deps.pouch, [statements, 'marketing-task:'], (change) => {
    if (change.id.startsWith(statements)) deps.events.emit('value.partnerStatement', { id: change.id });
    else if (change.id.startsWith('marketing-task:')) deps.events.emit('value.marketingTask', { id: change.id });
  });
  return { close: () => feed.cancel() };
}

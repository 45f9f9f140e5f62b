import { DEFAULT_QUIET_HOURS, type QuietHours } from '../../domain/messaging/quiet-hours';
import { collectionScriptsSchema, DEFAULT_COLLECTION_SCRIPTS } from '../../domain/post-loan/collection-scripts';
import { couchClient, CouchHttpError, type CouchTarget } from '../identity/couch';
import { REFERENCE_DB } from '../validation/policy';

/**
 * The quiet hours of head office's newest published 催收话术 (`collection-scripts:<version>` in the `reference`
 * database — what the branches show and check against), for the outbox that sends collection messages: the bank's
 * collection rules are set in one place. Before any publication: the default scripts' hours, as a branch seeds them.
 * A publication that does not parse is skipped (never sends at a time nobody set).
 */
export async function publishedQuietHours(target: CouchTarget): Promise<{ quietHours: QuietHours; version: number }> {
  let docs: { type?: string; scripts?: unknown }[] = [];
  try {
    docs = await couchClient(target).prefixed(REFERENCE_DB, 'collection-scripts:');
  } catch (err) {
    // No reference database yet: nothing was ever published. Anything else (refused, down) is the caller's to report.
    if (!(err instanceof CouchHttpError && err.status === 404)) throw err;
  }
  for (const doc of docs.reverse()) {
    const parsed = collectionScriptsSchema.safeParse(doc.scripts);
    if (doc.type === 'collection-scripts' && parsed.success) return { quietHours: { ...parsed.data.quietHours, timeZone: DEFAULT_QUIET_HOURS.timeZone }, version: parsed.data.version };
  }
  return { quietHours: { ...DEFAULT_COLLECTION_SCRIPTS.quietHours, timeZone: DEFAULT_QUIET_HOURS.timeZone }, version: DEFAULT_COLLECTION_SCRIPTS.version };
}

import { createHash } from 'node:crypto';
import {
  customerFactsDocId,
  depositFeedFigure,
  feedStatusDocId,
  loanFeedFigures,
  type FeedFigures,
} from '../../../domain/credit/bank-facts';
import type { CustomerFactsDoc, FeedStatusDoc, LoanStateDoc } from '../../../domain/post-loan/post-loan-docs';

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function getOrNull<T>(pouch: PouchDB.Database<object>, id: string): Promise<T | null> {
  try {
    return (await pouch.get(id)) as unknown as T;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}

/** Every loan head office published for a customer's ID number (`loan-state`, from core banking's loans file). */
export async function publishedLoansOf(pouch: PouchDB.Database<object>, idNo: string): Promise<LoanStateDoc[]> {
  const res = await pouch.allDocs({ startkey: 'loan-state:', endkey: 'loan-state:\uffff', include_docs: true });
  return res.rows.map((r) => r.doc as unknown as LoanStateDoc).filter((d) => d.idNo === idNo);
}

/**
 * What the bank's feeds say about a customer, as head office published it to this branch: the deposit average of
 * the last complete month (`customer-facts`) and the overdue record of their loans as of the last loans file
 * (`loan-state` + `feed-status`). The models read these instead of typed figures (domain/credit/bank-facts.ts).
 */
export async function bankFeedFigures(pouch: PouchDB.Database<object>, branch: string, idNo: string | null): Promise<FeedFigures> {
  if (!idNo) return {};
  const [facts, status, loans] = await Promise.all([
    getOrNull<CustomerFactsDoc>(pouch, customerFactsDocId(sha256Hex, idNo)),
    getOrNull<FeedStatusDoc>(pouch, feedStatusDocId(branch)),
    publishedLoansOf(pouch, idNo),
  ]);
  return {
    ...(facts?.type === 'customer-facts' ? depositFeedFigure(facts.depositMonth, facts.depositAvgDailyFen) : {}),
    ...(status?.type === 'feed-status' ? loanFeedFigures(loans, status.loansAsOf) : {}),
  };
}

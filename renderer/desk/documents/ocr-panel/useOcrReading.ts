import { useMemo } from 'react';
import {
  blockingFailures, checkValues, differencesFrom, factsFromCustomer, fieldsOf, holderField, type DocumentValues,
} from '../../../../domain/documents/document-fields';
import type { DocumentKind } from '../../../../domain/ocr/types';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import type { CustomerDraft } from '../../customers/form-model';
import { completeValues, draftFacts, valuesOf } from '../ocr-model';
import type { OcrStatus, Review } from './useOcrPanel';

interface ReadingState {
  status: OcrStatus;
  review: Review;
  /** The teller's corrections, shown instead of the reading while correcting. */
  values: DocumentValues;
  kind: DocumentKind;
  customer?: CustomerRecord;
  draft?: CustomerDraft;
}

/**
 * What the teller sees of a reading: the values read (or her corrections), the checks they pass or fail, how they
 * differ from the customer on file or the form's draft, and whether a verdict is blocked.
 */
export function useOcrReading({ status, review, values, kind, customer, draft }: ReadingState) {
  const result = status.phase === 'result' ? status.r : null;
  const read = useMemo(() => (result ? completeValues(fieldsOf(result.kind), valuesOf(result.fields)) : {}), [result]);
  const shown = review === 'correct' ? values : read;
  const today = useMemo(() => new Date(), []);
  const checks = useMemo(() => (result ? (review === 'correct' ? checkValues(result.kind, values, today) : result.checks) : []), [result, review, values, today]);
  const facts = useMemo(
    () => (customer ? factsFromCustomer(kind, customer) : draft ? draftFacts(kind, draft) : {}),
    [customer, draft, kind],
  );
  const differences = useMemo(() => (result ? differencesFrom(result.kind, shown, facts) : []), [result, shown, facts]);
  const blocked = result ? blockingFailures(checks).length > 0 || !shown[holderField(result.kind)]?.trim() : true;
  return { result, read, checks, facts, differences, blocked };
}

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../../domain/customers/customer';
import { fieldsOf, type DocumentValues, type Verdict } from '../../../../domain/documents/document-fields';
import type { DocumentKind } from '../../../../domain/ocr/types';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import type { Recognition, SavedDocument } from '../../../../main/core/documents/documents.contract';
import { api } from '../../../api/client';
import { useApiEvent } from '../../../api/use-api-event';
import { errorText } from '../../labels';
import type { CustomerDraft } from '../../customers/form-model';
import { changedFields, completeValues, formPatch, newRequestId, SLOTS, valuesOf, type Slot } from '../ocr-model';
import { recogniseImages, updateRecordFrom, verdictPayload, type PendingVerdict, type SaveVerdictArgs, type SentImages } from './ocr-requests';
import { useOcrReading } from './useOcrReading';
import { useSlotImages } from './useSlotImages';

export type OcrStatus =
  | { phase: 'idle' }
  | { phase: 'recognising'; requestId: string; stage: string | null; progress: number }
  | { phase: 'failed'; message: string }
  | { phase: 'result'; r: Recognition; sent: SentImages };

export type Review = 'view' | 'correct' | 'reject';

export interface OcrPanelOptions {
  customerKind: CustomerKind;
  customer?: CustomerRecord;
  draft?: CustomerDraft;
  onSaved?(doc: SavedDocument, notice: string): void;
  onVerdict?(pending: PendingVerdict): void;
}

/**
 * What the OCR panel does: the pictures per slot, one recognition at a time (a newer run or a new picture makes an
 * older answer stale), the teller's review (view / correct / reject) with the checks and differences it implies, and
 * the verdict — saved at once for a customer on file, or handed to the customer form with the patch it applies.
 */
export function useOcrPanel({ customerKind, customer, draft, onSaved, onVerdict }: OcrPanelOptions) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DocumentKind>(customerKind === 'enterprise' ? 'licence' : 'id-card');
  const [status, setStatus] = useState<OcrStatus>({ phase: 'idle' });
  const [review, setReview] = useState<Review>('view');
  const [values, setValues] = useState<DocumentValues>({});
  const [reason, setReason] = useState('');
  const [updates, setUpdates] = useState<Set<string>>(() => new Set());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const run = useRef(0);
  const pictures = useSlotImages();
  const { images } = pictures;

  useApiEvent('ocr.progress', (p) => {
    setStatus((s) => (s.phase === 'recognising' && s.requestId === p.requestId ? { ...s, stage: p.stage, progress: p.progress } : s));
  });

  const { result, read, checks, facts, differences, blocked } = useOcrReading({ status, review, values, kind, customer, draft });

  function reset(nextKind = kind) {
    run.current += 1;
    setStatus({ phase: 'idle' });
    setReview('view');
    setReason('');
    setUpdates(new Set());
    setSaveError(null);
    if (nextKind !== kind) {
      pictures.clear();
      setKind(nextKind);
    }
  }

  function putImage(slot: Slot, blob: Blob, label: string) {
    pictures.add(slot, blob, label);
    // A new picture makes the previous reading stale.
    if (status.phase !== 'idle') reset();
  }

  async function recognise() {
    // Every slot is required; the back of an ID card holds the validity period the checks need.
    const missing = SLOTS[kind].find((slot) => !images[slot]);
    if (missing) {
      setStatus({ phase: 'failed', message: t(missing === 'back' ? 'ocr.ui.needBack' : 'ocr.ui.needFront', { slot: t(`ocr.ui.slot.${missing}`) }) });
      return;
    }
    const mine = ++run.current;
    const requestId = newRequestId();
    setReview('view');
    setSaveError(null);
    setStatus({ phase: 'recognising', requestId, stage: null, progress: 0 });
    try {
      const { r, sent } = await recogniseImages({ kind, images, requestId, customer, draft, facts });
      if (run.current !== mine) return;
      setValues(completeValues(fieldsOf(r.kind), valuesOf(r.fields)));
      setStatus({ phase: 'result', r, sent });
    } catch (e) {
      if (run.current !== mine) return;
      const reasonText = errorText(e, t);
      setStatus({ phase: 'failed', message: t('ocr.ui.failed', { reason: reasonText }) });
    }
  }

  async function decide(chosenVerdict: Verdict) {
    if (status.phase !== 'result' || saving) return;
    const { r, sent } = status;
    // "Corrected" with nothing changed would misreport the teller's work; it is an acceptance of what was read.
    const verdict: Verdict = chosenVerdict === 'corrected' && changedFields(read, values).length === 0 ? 'accepted' : chosenVerdict;
    const fields = verdict === 'corrected' ? values : read;
    const payload = verdictPayload(r, sent, verdict, fields, reason);

    if (!customer) {
      onVerdict?.({ ...payload, patch: verdict === 'rejected' ? {} : formPatch(r.kind, customerKind, fields) });
      reset();
      return;
    }

    setSaving(true);
    setSaveError(null);
    let doc: SavedDocument;
    try {
      doc = await api.call('documents.saveVerdict', { ...payload, customerId: customer.id } as SaveVerdictArgs);
    } catch (e) {
      setSaving(false);
      setSaveError(errorText(e, t));
      return;
    }
    const notices = [t('ocr.ui.saved', { verdict: t(`documents.verdict.${verdict}`) })];
    const chosen = verdict === 'rejected' ? [] : differences.filter((d) => updates.has(d.field));
    if (chosen.length) notices.push(await updateRecordFrom({ customer, kind: r.kind, fields, chosen, t }));
    setSaving(false);
    reset();
    onSaved?.(doc, notices.join(t('desk.listSeparator')));
  }

  /** Ticks or unticks "update the record" for one difference. */
  function toggleUpdate(field: string, on: boolean) {
    setUpdates((s) => {
      const next = new Set(s);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });
  }

  function startCorrecting() {
    setValues(read);
    setReview('correct');
  }

  function setValue(name: string, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
  }

  const busy = status.phase === 'recognising' || saving;

  return {
    kind, images, status, review, values, reason, updates, saving, saveError, result, read, checks, facts, differences, blocked, busy,
    reset, putImage, removeImage: pictures.remove, recognise, decide, toggleUpdate, startCorrecting, setValue, setReview, setReason,
  };
}

export type OcrPanelState = ReturnType<typeof useOcrPanel>;

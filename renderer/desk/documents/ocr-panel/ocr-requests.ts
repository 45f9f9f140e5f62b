import type { DocumentValues, RecordFacts, Verdict } from '../../../../domain/documents/document-fields';
import type { RecordDifference } from '../../../../domain/ocr/compare-record';
import type { DocumentKind } from '../../../../domain/ocr/types';
import type { ApiArgs } from '../../../../main/core/api/contract';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import type { Recognition } from '../../../../main/core/documents/documents.contract';
import { api } from '../../../api/client';
import { errorText, type Translate } from '../../labels';
import { draftFromRecord, draftToFields, type CustomerDraft } from '../../customers/form-model';
import { blobToBase64, shrinkIfLarge } from '../image-files';
import type { SlotImage } from '../ImageSlot';
import { recordFieldFor, SLOTS, type Slot } from '../ocr-model';

export type SaveVerdictArgs = ApiArgs<'documents.saveVerdict'>;
/** A verdict reached in the customer form, saved once the customer exists; `patch` is what it put into the form. */
export type PendingVerdict = Omit<SaveVerdictArgs, 'customerId'> & { patch: Partial<CustomerDraft> };

/** The pictures as sent, base64 per slot: the verdict saves exactly what was read. */
export type SentImages = Partial<Record<Slot, string>>;

/**
 * Sends the chosen pictures to the core's OCR worker (shrunk when large), with the customer on file or the form's
 * draft so the core can compare; answers the reading and the pictures as sent.
 */
export async function recogniseImages({ kind, images, requestId, customer, draft, facts }: {
  kind: DocumentKind;
  images: Partial<Record<Slot, SlotImage>>;
  requestId: string;
  customer?: CustomerRecord;
  draft?: CustomerDraft;
  facts: RecordFacts;
}): Promise<{ r: Recognition; sent: SentImages }> {
  const sent: SentImages = {};
  for (const slot of SLOTS[kind]) {
    const img = images[slot];
    if (img) sent[slot] = await blobToBase64(await shrinkIfLarge(img.blob));
  }
  const r =
    kind === 'id-card'
      ? await api.call('ocr.recognizeIdCard', {
          front: sent.front!, back: sent.back, requestId,
          ...(customer ? { customerId: customer.id } : draft ? { draft: { name: facts.name, idNumber: facts.idNumber, address: facts.address } } : {}),
        })
      : await api.call('ocr.recognizeLicence', {
          image: sent.licence!, requestId,
          ...(customer ? { customerId: customer.id } : draft ? { draft: { companyName: facts.companyName, uscc: facts.uscc, legalRepresentative: facts.legalRepresentative, address: facts.address } } : {}),
        });
  return { r, sent };
}

/** What a verdict saves: the pictures, the values kept, the verdict (with its reason) and what the OCR read. */
export function verdictPayload(r: Recognition, sent: SentImages, verdict: Verdict, fields: DocumentValues, reason: string): Omit<SaveVerdictArgs, 'customerId'> {
  return {
    kind: r.kind,
    images: r.kind === 'id-card' ? { front: sent.front!, ...(sent.back ? { back: sent.back } : {}) } : { licence: sent.licence! },
    fields,
    verdict,
    ...(verdict === 'rejected' ? { reason: reason.trim() } : {}),
    recognised: Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, { value: f.value, confidence: f.confidence, uncertain: f.uncertain }])),
  } as Omit<SaveVerdictArgs, 'customerId'>;
}

/**
 * Puts the differences the teller ticked into the customer's record, after the verdict is saved; answers the line
 * for the notice (updated, or why not — the saved verdict stands either way).
 */
export async function updateRecordFrom({ customer, kind, fields, chosen, t }: {
  customer: CustomerRecord;
  kind: DocumentKind;
  fields: DocumentValues;
  chosen: RecordDifference[];
  t: Translate;
}): Promise<string> {
  const next = draftFromRecord(customer);
  const labels: string[] = [];
  for (const d of chosen) {
    const target = recordFieldFor(kind, customer.kind, d.field);
    if (!target) continue;
    (next as unknown as Record<string, string>)[target] = fields[d.field] ?? '';
    labels.push(t(`documents.field.${d.field}`));
  }
  try {
    await api.call('customers.update', { id: customer.id, rev: customer.rev, customer: draftToFields(next) });
    return t('ocr.ui.recordUpdated', { fields: labels.join('、') });
  } catch (e) {
    return t('ocr.ui.recordNotUpdated', { reason: errorText(e, t) });
  }
}

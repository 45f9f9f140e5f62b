import { z } from 'zod';
import { ID_CARD_FIELDS, LICENCE_FIELDS, type DocumentValues, type Verdict } from '../../../domain/documents/document-fields';
import type { DocumentCheck, DocumentKind, RecognisedField, RecordDifference } from '../../../domain/ocr';
import { method } from '../api/method';
import type { OcrStage } from '../ocr/protocol';

/**
 * Images travel as base64 in the JSON body. The ceiling here only keeps a runaway string out of memory; the
 * real limits (20 MB, formats) are the OCR input check's, so the teller gets its precise message.
 */
export const MAX_IMAGE_BASE64 = 30_000_000;
const image = z.string().max(MAX_IMAGE_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

const customerId = z.string().regex(/^customer:[0-9A-Z]{26}$/, 'customerId');
const documentId = z.string().regex(/^document:[0-9A-Z]{26}$/, 'documentId');
/** Chosen by the page so it can tell its own progress events from another counter's. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

const draftText = (max: number) => z.string().trim().max(max).optional();

export const recognizeIdCardInput = z.object({
  front: image,
  back: image.optional(),
  requestId: requestId.optional(),
  /** The customer being served: differences from the file are listed. */
  customerId: customerId.optional(),
  /** Or what the new-customer form holds so far. */
  draft: z.object({ name: draftText(60), idNumber: draftText(18), address: draftText(200) }).optional(),
});

export const recognizeLicenceInput = z.object({
  image,
  requestId: requestId.optional(),
  customerId: customerId.optional(),
  draft: z.object({ companyName: draftText(60), uscc: draftText(18), legalRepresentative: draftText(40), address: draftText(200) }).optional(),
});

const value = (max: number) => z.string().trim().max(max);
const idCardValues = z.object(Object.fromEntries(ID_CARD_FIELDS.map((f) => [f, value(f === 'address' ? 200 : 60)])) as Record<(typeof ID_CARD_FIELDS)[number], z.ZodString>);
const licenceValues = z.object(Object.fromEntries(LICENCE_FIELDS.map((f) => [f, value(f === 'address' ? 200 : 80)])) as Record<(typeof LICENCE_FIELDS)[number], z.ZodString>);

/** What the recogniser read, kept beside the teller's values so an auditor sees what was changed. */
const recognised = z
  .record(z.string().max(40), z.object({ value: z.string().max(200), confidence: z.number().min(0).max(100), uncertain: z.boolean() }))
  .refine((r) => Object.keys(r).length <= 12, 'too many fields');

const verdictFields = {
  customerId,
  verdict: z.enum(['accepted', 'corrected', 'rejected']),
  /** Required when rejecting; the service says so in Chinese rather than a bare schema error. */
  reason: z.string().trim().max(200).optional(),
  recognised: recognised.optional(),
};

export const saveVerdictInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('id-card'), images: z.object({ front: image, back: image.optional() }), fields: idCardValues, ...verdictFields }),
  z.object({ kind: z.literal('licence'), images: z.object({ licence: image }), fields: licenceValues, ...verdictFields }),
]);

export interface Recognition {
  requestId: string | null;
  kind: DocumentKind;
  fields: Record<string, RecognisedField>;
  checks: DocumentCheck[];
  differences: RecordDifference[];
  /** Time spent in the OCR worker, and on the core's side end to end. */
  timingMs: number;
  wallMs: number;
}

export interface DocumentImage {
  /** Attachment name: `front.png`, `back.jpg`, `licence.png`... */
  name: string;
  contentType: string;
  bytes: number;
}

export interface SavedDocument {
  id: string;
  customerId: string;
  kind: DocumentKind;
  verdict: Verdict;
  reason: string | null;
  fields: DocumentValues;
  checks: Array<Pick<DocumentCheck, 'code' | 'ok' | 'messageZh' | 'messageEn'>>;
  differences: RecordDifference[];
  images: DocumentImage[];
  createdAt: string;
  createdBy: string;
  createdByName: string;
}

export interface OcrProgressEvent {
  requestId: string;
  stage: OcrStage;
  /** 0–1, for the bar. */
  progress: number;
}

export interface DocumentEvents {
  'ocr.progress': OcrProgressEvent;
  'document.saved': { id: string; customerId: string };
}

export const documentsContract = {
  'ocr.recognizeIdCard': method<Recognition>()(recognizeIdCardInput, 'ocr.use'),
  'ocr.recognizeLicence': method<Recognition>()(recognizeLicenceInput, 'ocr.use'),
  'documents.saveVerdict': method<SavedDocument>()(saveVerdictInput, 'ocr.use'),
  'documents.list': method<SavedDocument[]>()(z.object({ customerId }), 'customer.read'),
  'documents.image': method<{ contentType: string; data: string }>()(
    z.object({
      id: documentId,
      name: z.string().regex(/^(front|back|licence)\.(png|jpg|webp|bmp|tif)$/),
      /** Asks for a JPEG thumbnail this wide instead of the original. */
      width: z.number().int().min(48).max(1600).optional(),
    }),
    'customer.read',
  ),
};

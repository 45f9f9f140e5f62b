import type { DocumentValues, Verdict } from '../../../domain/documents/document-fields';
import type { DocumentCheck, DocumentKind, RecordDifference } from '../../../domain/ocr';

/**
 * A scanned document and the teller's verdict on it, kept with the customer (`document:<ulid>`). The images are
 * attachments, so replication carries them in the blobs pass without holding back the customer records.
 */
export interface DocumentDoc {
  _id: string;
  _rev?: string;
  type: 'document';
  branch: string;
  customerId: string;
  kind: DocumentKind;
  verdict: Verdict;
  reason?: string;
  /** The values as accepted or corrected by the teller. */
  fields: DocumentValues;
  /** What the recogniser read, when the page sent it: the audit can show what the teller changed. */
  recognised?: Record<string, { value: string; confidence: number; uncertain: boolean }>;
  /** Checks re-run by the core on `fields`, and differences from the customer file at the time. */
  checks: DocumentCheck[];
  differences: RecordDifference[];
  createdAt: string;
  createdBy: string;
  createdByName: string;
  device: string;
  _attachments?: Record<string, { content_type: string; data?: string; digest?: string; length?: number; stub?: boolean }>;
}

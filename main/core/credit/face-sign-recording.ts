import { createHash } from 'node:crypto';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import type { FieldError } from '../api/errors';
import { MAX_RECORDING_BYTES, type RecordingRef } from './credit.contract';
import type { RecordingDoc } from './credit.docs';

// 录像面签: the desk records the face-to-face session itself (MediaRecorder) and hands over the file with the SHA-256
// it computed. The core keeps it only if the bytes are that file and a WebM video; the digest goes into the audit
// entry of the signing, so a recording swapped later no longer matches its record.

export const RECORDING_ATTACHMENT = 'recording.webm';
/** EBML magic: every WebM (Matroska) file starts with it. */
const WEBM_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

export interface RecordingUpload {
  dataBase64: string;
  digest: string;
  durationMs: number;
  contentType: 'video/webm';
}

function refuse(key: string, params: Record<string, string | number> = {}): never {
  const field: FieldError = { path: 'recording', key, params, message: translate(key, params) };
  throw apiError('VALIDATION', key, params, { fields: [field] });
}

/** The recording's document (video attached), refused with the reason when the bytes are not the file described. */
export function recordingDoc(
  upload: RecordingUpload,
  at: { id: string; branch: string; applicationId: string; now: Date; staffNo: string; device: string },
): { doc: RecordingDoc; ref: RecordingRef } {
  const bytes = Buffer.from(upload.dataBase64, 'base64');
  if (bytes.length === 0) refuse('credit.recordingEmpty');
  if (bytes.length > MAX_RECORDING_BYTES) refuse('credit.recordingTooLarge', { mb: MAX_RECORDING_BYTES / 1024 / 1024 });
  if (!bytes.subarray(0, 4).equals(WEBM_MAGIC)) refuse('credit.recordingNotVideo');
  const digest = `sha256:${createHash('sha256').update(new Uint8Array(bytes)).digest('hex')}`;
  if (digest !== upload.digest) refuse('credit.recordingDigestMismatch');
  const ref: RecordingRef = { id: at.id, digest, bytes: bytes.length, durationMs: upload.durationMs, contentType: upload.contentType };
  const doc: RecordingDoc = {
    _id: at.id, type: 'loan-recording', branch: at.branch, applicationId: at.applicationId, digest, bytes: bytes.length,
    durationMs: upload.durationMs, contentType: upload.contentType, createdAt: at.now.toISOString(), createdBy: at.staffNo, device: at.device,
    _attachments: { [RECORDING_ATTACHMENT]: { content_type: upload.contentType, data: upload.dataBase64 } },
  };
  return { doc, ref };
}

/** The recording for playback; its digest is checked again, so a file altered in the store is reported, not played as evidence. */
export async function readRecording(pouch: PouchDB.Database<object>, id: string): Promise<{ contentType: string; dataBase64: string; digest: string }> {
  let doc: RecordingDoc;
  let data: Buffer;
  try {
    doc = (await pouch.get(id)) as unknown as RecordingDoc;
    if (doc.type !== 'loan-recording') throw Object.assign(new Error('not a recording'), { status: 404 });
    data = Buffer.from((await pouch.getAttachment(id, RECORDING_ATTACHMENT)) as unknown as Uint8Array);
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('credit.recording') });
    throw e;
  }
  if (`sha256:${createHash('sha256').update(new Uint8Array(data)).digest('hex')}` !== doc.digest) throw apiError('CONFLICT', 'credit.recordingAltered');
  return { contentType: doc.contentType, dataBase64: data.toString('base64'), digest: doc.digest };
}

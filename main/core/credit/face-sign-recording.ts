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
/** The face snapshot of a 视频面签's identity step, on the same document (written once with the recording). */
export const FACE_ATTACHMENT = 'face.jpg';
/** EBML magic: every WebM (Matroska) file starts with it. */
const WEBM_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const MAX_FACE_BYTES = 1024 * 1024;
const sha256Of = (bytes: Buffer) => `sha256:${createHash('sha256').update(new Uint8Array(bytes)).digest('hex')}`;

export interface RecordingUpload {
  dataBase64: string;
  digest: string;
  durationMs: number;
  contentType: 'video/webm';
  faceSnapshot?: { dataBase64: string; digest: string };
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
  const digest = sha256Of(bytes);
  if (digest !== upload.digest) refuse('credit.recordingDigestMismatch');
  const face = upload.faceSnapshot ? faceSnapshotOf(upload.faceSnapshot) : null;
  const ref: RecordingRef = {
    id: at.id, digest, bytes: bytes.length, durationMs: upload.durationMs, contentType: upload.contentType,
    ...(face ? { faceSnapshot: { digest: face.digest, bytes: face.bytes } } : {}),
  };
  const doc: RecordingDoc = {
    _id: at.id, type: 'loan-recording', branch: at.branch, applicationId: at.applicationId, digest, bytes: bytes.length,
    durationMs: upload.durationMs, contentType: upload.contentType, createdAt: at.now.toISOString(), createdBy: at.staffNo, device: at.device,
    ...(face ? { faceSnapshotDigest: face.digest } : {}),
    _attachments: {
      [RECORDING_ATTACHMENT]: { content_type: upload.contentType, data: upload.dataBase64 },
      ...(face ? { [FACE_ATTACHMENT]: { content_type: 'image/jpeg', data: upload.faceSnapshot!.dataBase64 } } : {}),
    },
  };
  return { doc, ref };
}

/** The face snapshot, refused unless it is the JPEG its digest names. */
function faceSnapshotOf(upload: { dataBase64: string; digest: string }): { digest: string; bytes: number } {
  const bytes = Buffer.from(upload.dataBase64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_FACE_BYTES || !bytes.subarray(0, 3).equals(JPEG_MAGIC)) refuse('credit.faceSnapshotNotJpeg');
  const digest = sha256Of(bytes);
  if (digest !== upload.digest) refuse('credit.faceSnapshotDigestMismatch');
  return { digest, bytes: bytes.length };
}

/** A recording document and one of its attachments, or NOT_FOUND naming `what`. */
async function readAttachment(pouch: PouchDB.Database<object>, id: string, name: string, what: string): Promise<{ doc: RecordingDoc; data: Buffer }> {
  try {
    const doc = (await pouch.get(id)) as unknown as RecordingDoc;
    if (doc.type !== 'loan-recording') throw Object.assign(new Error('not a recording'), { status: 404 });
    return { doc, data: Buffer.from((await pouch.getAttachment(id, name)) as unknown as Uint8Array) };
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate(what) });
    throw e;
  }
}

/** The recording for playback; its digest is checked again, so a file altered in the store is reported, not played as evidence. */
export async function readRecording(pouch: PouchDB.Database<object>, id: string): Promise<{ contentType: string; dataBase64: string; digest: string }> {
  const { doc, data } = await readAttachment(pouch, id, RECORDING_ATTACHMENT, 'credit.recording');
  if (sha256Of(data) !== doc.digest) throw apiError('CONFLICT', 'credit.recordingAltered');
  return { contentType: doc.contentType, dataBase64: data.toString('base64'), digest: doc.digest };
}

/** The face snapshot kept with a recording, checked against the digest written with it (and audited) like the video. */
export async function readFaceSnapshot(pouch: PouchDB.Database<object>, id: string): Promise<{ dataBase64: string; digest: string }> {
  const { doc, data } = await readAttachment(pouch, id, FACE_ATTACHMENT, 'credit.faceSnapshot');
  if (!doc.faceSnapshotDigest || sha256Of(data) !== doc.faceSnapshotDigest) throw apiError('CONFLICT', 'credit.faceSnapshotAltered');
  return { dataBase64: data.toString('base64'), digest: doc.faceSnapshotDigest };
}

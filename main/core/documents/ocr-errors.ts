import { apiError } from '../api/dispatch';
import type { ApiError } from '../api/errors';
import type { OcrErrorCode } from '../ocr/errors';
import { OcrError } from '../ocr/errors';

// The engine being unavailable is not the teller's fault; everything else is about the picture handed in.
const UNAVAILABLE: ReadonlySet<OcrErrorCode> = new Set(['engine-failed', 'closed']);

/**
 * An OCR refusal as the API's error: the message names the rule (format, size, not a card), `fields` points at
 * the image slot it concerns, and `detail.ocrCode` lets the page react (for instance keep manual entry open).
 */
export function ocrApiError(e: OcrError, slot?: string): ApiError {
  const key = `ocr.error.${e.code}`;
  const code = UNAVAILABLE.has(e.code) ? 'UNAVAILABLE' : 'VALIDATION';
  const err = apiError(code, key, {}, { detail: { ocrCode: e.code, ...(e.detail ? { info: e.detail } : {}) } });
  if (slot) err.body.fields = [{ path: slot, key, message: err.body.message }];
  return err;
}

/** Runs `fn`; an OcrError comes out as the API error above, anything else unchanged. */
export async function asApiErrors<T>(fn: () => Promise<T> | T, slot?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof OcrError) throw ocrApiError(e, slot);
    throw e;
  }
}

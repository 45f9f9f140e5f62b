import { SHRINK_ABOVE_BYTES } from './ocr-model';

/** Blob → base64 without the `data:` prefix, the form the API takes. */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

const MAX_SIDE = 3200;

/**
 * A large phone photo is re-encoded smaller (longest side 3200 px, still ~370 dpi on an ID card) so that both
 * sides fit one request and the archived scan does not cost a village link minutes. Anything the browser
 * cannot decode (PDF, HEIC) is sent unchanged: the core names the format in its refusal.
 */
export async function shrinkIfLarge(file: Blob): Promise<Blob> {
  if (file.size <= SHRINK_ABOVE_BYTES) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  return out && out.size < file.size ? out : file;
}

/** A frame of a playing video as a PNG: what the camera button hands to recognition. */
export function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('capture failed'))), 'image/png'));
}

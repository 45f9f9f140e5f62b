// 录像面签 at the desk: the session is recorded where it happens (MediaRecorder), not at head office. The desk has
// both people in front of its camera, it works when head office's media server cannot be reached (village link,
// offline face-to-face), and the SHA-256 is computed on the bytes the desk made before they travel anywhere.

export interface DeskRecording {
  blob: Blob;
  /** sha256:<hex> of the whole file. */
  digest: string;
  durationMs: number;
}

export interface DeskRecorder {
  readonly startedAt: number;
  stop(): Promise<DeskRecording>;
}

/** VP8 + Opus at a bitrate that keeps ~6 minutes under the 18 MB the branch host takes in one call. */
const MIME = ['video/webm;codecs=vp8,opus', 'video/webm'];

export async function sha256Digest(blob: Blob): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function startDeskRecorder(stream: MediaStream): DeskRecorder {
  const mimeType = MIME.find((m) => MediaRecorder.isTypeSupported(m)) ?? '';
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 350_000, audioBitsPerSecond: 32_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const startedAt = performance.now();
  // A chunk a second: a crash of the page loses at most the last second, and memory grows evenly.
  recorder.start(1000);
  return {
    startedAt,
    stop: () =>
      new Promise<DeskRecording>((done, fail) => {
        recorder.onstop = () => {
          const blob = new Blob(chunks, { type: 'video/webm' });
          sha256Digest(blob).then((digest) => done({ blob, digest, durationMs: Math.max(1, Math.round(performance.now() - startedAt)) }), fail);
        };
        recorder.onerror = () => fail(new Error('MediaRecorder error'));
        recorder.stop();
      }),
  };
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A frame of a video element as a JPEG at most `maxWidth` wide (the face snapshot, the investigation's pictures). */
export async function jpegOf(video: HTMLVideoElement, maxWidth: number): Promise<Blob> {
  const scale = Math.min(1, maxWidth / video.videoWidth);
  const canvas = Object.assign(document.createElement('canvas'), { width: Math.round(video.videoWidth * scale), height: Math.round(video.videoHeight * scale) });
  canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((done, fail) => canvas.toBlob((b) => (b ? done(b) : fail(new Error('snapshot failed'))), 'image/jpeg', 0.85));
}

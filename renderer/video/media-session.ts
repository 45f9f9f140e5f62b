import { Device, type types } from 'mediasoup-client';
import type { LinkView } from '../../domain/video/layer-policy';

// One side of a video room (customer manager's desk, customer's phone, branch tablet) on head office's SFU.
// Signalling is JSON over HTTP POST to `jingwei media`; the other side's tracks are found by polling.

export class JoinRefused extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

export interface MediaSessionOptions {
  /** Head office's media server, e.g. https://media.bank.example (no trailing slash). */
  baseUrl: string;
  token: string;
  stream: MediaStream;
  onTrack(track: MediaStreamTrack, kind: 'audio' | 'video'): void;
  /** How often the other side's tracks are looked for (ms). */
  pollMs?: number;
}

export interface MediaSession {
  role: 'manager' | 'customer';
  roomId: string;
  /** Sends this side's audio and simulcast video (VIDEO_LAYERS); its stats show what the link carries. */
  sendTransport: types.Transport;
  recvTransport: types.Transport;
  consumers: types.Consumer[];
  signing: SigningInfo | null;
  /** 视频防伪调查 rooms: the product's checklist and the snapshots taken so far. */
  investigation: InvestigationView | null;
  /** Customer manager: a snapshot (JPEG, base64) of the customer's picture for a checklist item; head office stamps it. */
  snapshot(item: string, jpegBase64: string): Promise<{ investigation: InvestigationView }>;
  /** Customer: where the phone is (when the customer allows it), for the desk's next snapshot. */
  locate(location: { latitude: number; longitude: number; accuracyM: number }): Promise<unknown>;
  /** The customer's signature; head office answers with its signed receipt or refuses (JoinRefused with the reason). */
  sign(input: SignInput): Promise<{ receipt: Record<string, unknown> }>;
  /** The scripted session (face-sign rooms): where it is, what each side has done, with head office's times. */
  script(): Promise<{ script: ScriptView; signed: boolean }>;
  /** Customer: confirms the clause being read. */
  confirm(stepId: string): Promise<{ script: ScriptView }>;
  /** Customer manager: moves on once the customer has done the step. */
  advance(): Promise<{ script: ScriptView }>;
  /** Head office's view of both sides' links (layer policy, sync-server/media/link-control.ts). */
  link(): Promise<LinkView>;
  /**
   * Customer: the photo of the ID card (JPEG/PNG, base64), checked by head office's OCR against the file, with a JPEG
   * snapshot of the customer's face from the phone's camera taken at the same moment.
   */
  sendIdPhoto(imageBase64: string, faceBase64: string): Promise<{ script: ScriptView }>;
  /**
   * Customer manager: the session's recording to head office, in 1 MB pieces; a piece lost on a weak link is sent again
   * from what arrived (head office says its size). Head office checks the whole file's digest at the end.
   */
  uploadRecording(file: Blob, digest: string, durationMs: number, onProgress?: (sent: number) => void): Promise<{ size: number; digest: string }>;
  close(): Promise<void>;
}

/** sync-server/media/session-script.ts ScriptView, as the page receives it. */
export interface ScriptView {
  steps: { id: string; kind: 'identity' | 'clause' | 'sign'; text: string }[];
  current: number;
  done: { step: string; at: string }[];
  idCheck: { matched: boolean; differences: string[]; at: string } | null;
}

/**
 * Simulcast: three spatial layers of one camera. The SFU forwards to each receiver the best layer its link carries
 * (mediasoup's bandwidth estimation), so a village link gets 160p instead of frozen 640p. Audio is produced first
 * and never layered: speech is what a 面签 must keep.
 */
export const VIDEO_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 120_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 350_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 900_000 },
];

async function post<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: string; reason?: string };
  if (!response.ok) throw new JoinRefused(json.error ?? String(response.status), json.reason ?? response.statusText);
  return json;
}

export interface SigningInfo {
  contractDigest: string;
  /** Key terms the customer reads on the phone before signing. */
  terms: string[];
  signed: boolean;
}

interface JoinAnswer {
  peerId: string;
  role: 'manager' | 'customer';
  roomId: string;
  routerRtpCapabilities: types.RtpCapabilities;
  signing: SigningInfo | null;
  investigation: InvestigationView | null;
}

/** sync-server/media/investigation.ts InvestigationView, as the page receives it. */
export interface InvestigationView {
  checklist: { code: string; label: string; snapshots: number }[];
  snapshots: { n: number; item: string; at: string; location: { latitude: number; longitude: number; accuracyM: number; at: string } | null }[];
}

export interface SignInput {
  contractDigest: string;
  recordingDigest: string | null;
  code: string;
  /** base64 PNG of the drawn signature (no data: prefix). */
  signaturePng: string;
}

const UPLOAD_PIECE = 1024 * 1024;

type TransportAnswer = Pick<types.TransportOptions, 'id' | 'iceParameters' | 'iceCandidates' | 'dtlsParameters'>;

export async function joinMediaRoom(options: MediaSessionOptions): Promise<MediaSession> {
  const { baseUrl } = options;
  const joined = await post<JoinAnswer>(baseUrl, '/media/join', { token: options.token });
  const call = <T>(action: string, body: object = {}) => post<T>(baseUrl, `/media/peer/${action}`, { peerId: joined.peerId, ...body });

  const device = new Device();
  await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities });

  const wire = (transport: types.Transport) => {
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      call('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
    });
  };
  const sendTransport = device.createSendTransport(await call<TransportAnswer>('createTransport'));
  wire(sendTransport);
  sendTransport.on('produce', ({ kind, rtpParameters }, done, fail) => {
    call<{ id: string }>('produce', { transportId: sendTransport.id, kind, rtpParameters }).then(done, fail);
  });
  const recvTransport = device.createRecvTransport(await call<TransportAnswer>('createTransport'));
  wire(recvTransport);

  const audio = options.stream.getAudioTracks()[0];
  if (audio) await sendTransport.produce({ track: audio });
  const video = options.stream.getVideoTracks()[0];
  if (video) await sendTransport.produce({ track: video, encodings: VIDEO_LAYERS, codecOptions: { videoGoogleStartBitrate: 300 } });

  const consumers: types.Consumer[] = [];
  let closed = false;
  const consumeNew = async () => {
    const { producers } = await call<{ producers: { id: string; kind: string }[] }>('producers');
    for (const producer of producers) {
      const params = await call<types.ConsumerOptions>('consume', {
        transportId: recvTransport.id, producerId: producer.id, rtpCapabilities: device.recvRtpCapabilities,
      });
      const consumer = await recvTransport.consume(params);
      consumers.push(consumer);
      options.onTrack(consumer.track, consumer.kind);
      await call('resumeConsumer', { consumerId: consumer.id });
    }
  };
  const poll = async () => {
    while (!closed) {
      try {
        await consumeNew();
      } catch (err) {
        if (err instanceof JoinRefused && err.reason === 'peerUnknown') return;
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    }
  };
  void poll();

  return {
    role: joined.role,
    roomId: joined.roomId,
    sendTransport,
    recvTransport,
    consumers,
    signing: joined.signing,
    investigation: joined.investigation,
    snapshot: (item, imageBase64) => call('snapshot', { item, imageBase64 }),
    locate: (location) => call('location', location),
    sign: (input) => call<{ receipt: Record<string, unknown> }>('sign', input),
    script: () => call('script'),
    confirm: (stepId) => call('confirm', { stepId }),
    advance: () => call('advance'),
    link: () => call('link'),
    sendIdPhoto: (imageBase64, faceBase64) => call('idPhoto', { imageBase64, faceBase64 }),
    async uploadRecording(file, digest, durationMs, onProgress) {
      let offset = 0;
      for (let failures = 0; offset < file.size;) {
        const piece = file.slice(offset, offset + UPLOAD_PIECE);
        const response = await fetch(`${baseUrl}/media/peer/recording?peerId=${encodeURIComponent(joined.peerId)}&offset=${offset}`, {
          method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: piece,
        }).catch(() => null);
        const answer = (await response?.json().catch(() => null)) as { size?: number; error?: string; reason?: string } | null;
        if (response?.ok || answer?.error === 'offsetMismatch') {
          offset = answer?.size ?? offset;
          onProgress?.(offset);
          continue;
        }
        if (answer?.error && response && response.status < 500) throw new JoinRefused(answer.error, answer.reason ?? '');
        if (++failures > 8) throw new JoinRefused('uploadFailed', '录像上传失败，请检查网络后重试 (recording upload failed)');
        await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** failures)));
      }
      return call('recordingFinish', { digest, durationMs });
    },
    async close() {
      closed = true;
      sendTransport.close();
      recvTransport.close();
      await call('leave').catch(() => undefined);
    },
  };
}

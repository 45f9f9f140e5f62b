import { joinMediaRoom, type MediaSession } from '../../renderer/video/media-session';
import { readLinkStats } from '../../renderer/video/link-quality';

// The video bench's light client: many sessions of the shipped client code (renderer/video/media-session.ts,
// mediasoup-client 3.18.7) in ONE browser page, all sending clones of one small fake-camera stream, instead of one
// page (one renderer process, one camera) per participant. Bundled by bench/video-sfu.bench.ts and injected into the
// media server's own page, so signalling is same-origin as on a phone.

interface LoadClient {
  join(tokens: string[], video: { width: number; height: number }): Promise<void>;
  frames(): Promise<number[]>;
  /** Highest picture height each session sends and receives (what simulcast really carried). */
  heights(): Promise<{ sent: number; received: number }[]>;
}

const sessions: MediaSession[] = [];

const client: LoadClient = {
  async join(tokens, video) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    for (const token of tokens) {
      const own = new MediaStream(stream.getTracks().map((t) => t.clone()));
      sessions.push(await joinMediaRoom({ baseUrl: location.origin, token, stream: own, onTrack: () => undefined }));
    }
  },
  async frames() {
    return Promise.all(sessions.map(async (s) => (await readLinkStats(s.recvTransport)).framesDecoded));
  },
  async heights() {
    return Promise.all(sessions.map(async (s) => {
      const stats = await readLinkStats(s.recvTransport, s.sendTransport);
      return { sent: stats.sentHeight ?? 0, received: stats.frameHeight ?? 0 };
    }));
  },
};

(globalThis as unknown as { jingweiLoad: LoadClient }).jingweiLoad = client;

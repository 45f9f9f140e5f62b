import { startDeskRecorder, type DeskRecorder } from './desk-recorder';

// The live session's recording, made at the desk from the session's own streams: the customer's picture (as the SFU
// forwards it) large, the desk's camera small in a corner, both voices mixed — one WebM a reviewer plays like a call.
// Made in the customer manager's browser rather than at the SFU: it needs no ffmpeg at head office, its SHA-256 is
// taken on the bytes the desk made, and it is the same recorder as the offline 录像面签 (desk-recorder.ts).

export interface SessionRecorder extends DeskRecorder {
  /** A voice that arrives after the recording started (the customer's, once the SFU forwards it). */
  addAudio(track: MediaStreamTrack): void;
}

const [W, H, FPS] = [640, 480, 15];

export function startSessionRecorder(customer: HTMLVideoElement, desk: HTMLVideoElement, deskStream: MediaStream): SessionRecorder {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const g = canvas.getContext('2d')!;
  const draw = () => {
    g.fillStyle = '#000';
    g.fillRect(0, 0, W, H);
    if (customer.videoWidth) g.drawImage(customer, 0, 0, W, H);
    if (desk.videoWidth) g.drawImage(desk, W - 172, H - 132, 160, 120);
  };
  const timer = setInterval(draw, 1000 / FPS);
  const audio = new AudioContext();
  const mix = audio.createMediaStreamDestination();
  const addAudio = (track: MediaStreamTrack) => audio.createMediaStreamSource(new MediaStream([track])).connect(mix);
  deskStream.getAudioTracks().forEach(addAudio);
  const recorder = startDeskRecorder(new MediaStream([...canvas.captureStream(FPS).getVideoTracks(), ...mix.stream.getAudioTracks()]));
  return {
    startedAt: recorder.startedAt,
    addAudio,
    async stop() {
      try {
        return await recorder.stop();
      } finally {
        clearInterval(timer);
        void audio.close();
      }
    },
  };
}

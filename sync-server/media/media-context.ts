import type { MediaServerOptions } from './media-server';
import { createRoomTokens, type RoomTokens } from './room-tokens';
import { Rooms } from './rooms';
import { openRecordings, type Recordings } from './recordings';
import type { Signing, VideoSignatureReceipt } from './signing';
import { controlLinks, type LinkControl } from './link-control';
import type { Investigation } from './investigation';
import type { SessionScript } from './session-script';
import { DEFAULT_TEXT_LIMITS, textLimits, type TextLimits } from './text-limits';

/** A face-signing room's session: the signing code, the script, the customer's file and what the session produced. */
export interface FaceSign {
  signing: Signing;
  script: SessionScript;
  customer: { name: string; idNumber: string };
  terms: string[];
  contractDigest: string;
  receipt: VideoSignatureReceipt | null;
  /** The customer's face as the phone's camera saw it when the ID card passed (JPEG; its digest is in the receipt). */
  face: Buffer | null;
}

/** What head office's media routes work over: the server's options and the state of its rooms, made once per server. */
export interface MediaContext {
  options: MediaServerOptions;
  tokens: RoomTokens;
  rooms: Rooms;
  recordings: Recordings;
  /** Lifetime of a join link. */
  ttl: number;
  faceSigns: Map<string, FaceSign>;
  investigations: Map<string, Investigation>;
  /** The customer's phone on file for each room (from the branch's room request): where a join link may be texted. */
  phones: Map<string, string>;
  links: LinkControl;
  texts: TextLimits;
}

export function mediaContext(options: MediaServerOptions): MediaContext {
  const tokens = createRoomTokens(options.clock);
  const rooms = new Rooms(options.worker, options.listen);
  const recordings = openRecordings(options.recordingsDir);
  const ttl = options.tokenTtlMs ?? 15 * 60_000;
  const faceSigns = new Map<string, FaceSign>();
  const investigations = new Map<string, Investigation>();
  const phones = new Map<string, string>();
  const links = controlLinks(rooms, { log: options.linkLog, clock: options.clock });
  const texts = textLimits(options.textLimits ?? DEFAULT_TEXT_LIMITS, options.clock);
  return { options, tokens, rooms, recordings, ttl, faceSigns, investigations, phones, links, texts };
}

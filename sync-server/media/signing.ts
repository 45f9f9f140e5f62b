import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { signDoc, type Signature, type SigningKey } from '../../trust/signature';
import type { ScriptTranscript } from './session-script';

// The customer's own e-signature at the end of a 视频面签: a drawn signature plus a one-time code that head office
// sent to the customer's phone, bound to the contract digest the branch opened the room with (and, when the desk has
// finished it, the recording's digest). Head office checks all of it and answers with a receipt it signs (Ed25519,
// trust/signature.ts): a branch device cannot make one, so `loans.eSign` can trust the receipt instead of a staff click.

export const digestPattern = /^sha256:[0-9a-f]{64}$/;

export const signRequest = z.object({
  contractDigest: z.string().regex(digestPattern),
  recordingDigest: z.string().regex(digestPattern).nullable().default(null),
  code: z.string().regex(/^\d{6}$/, '请输入短信中的6位验证码 (the 6-digit code)'),
  /** PNG of the drawn signature, base64; at most 200 KB. */
  signaturePng: z.string().min(100).max(270_000).regex(/^[A-Za-z0-9+/]+=*$/),
});
export type SignRequest = z.infer<typeof signRequest>;

export type SigningRefusal = 'contractMismatch' | 'codeWrong' | 'codeExpired' | 'tooManyTries' | 'alreadySigned' | 'signatureEmpty';

const REFUSALS: Record<SigningRefusal, string> = {
  contractMismatch: '签署的合同与本次面签的合同不一致，不能签署 (signature for a different contract digest)',
  codeWrong: '验证码不正确 (wrong one-time code)',
  codeExpired: '验证码已过期，请客户经理重新发起 (one-time code expired)',
  tooManyTries: '验证码错误次数过多，本次签署已锁定 (too many wrong codes)',
  alreadySigned: '本次面签已签署 (already signed)',
  signatureEmpty: '请先在签名框内签名 (draw the signature first)',
};

export class SigningRefused extends Error {
  constructor(readonly reason: SigningRefusal) {
    super(REFUSALS[reason]);
  }
}

export interface VideoSignatureReceipt extends Record<string, unknown> {
  type: 'video-signature';
  applicationId: string;
  roomId: string;
  contractDigest: string;
  recordingDigest: string | null;
  signatureDigest: string;
  signedAt: string;
  /** The scripted session before the signature: ID check and each confirmed clause, with head office's times. */
  session: ScriptTranscript;
  /** The product rule set whose risk notice and key terms the session used. */
  ruleSet: RuleSetRef;
  sig: Signature;
}

export const ruleSetRef = z.object({
  product: z.string().regex(/^[a-z][a-z-]{1,19}$/),
  version: z.number().int().min(1),
  digest: z.string().regex(digestPattern),
});
export type RuleSetRef = z.infer<typeof ruleSetRef>;

const sha = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const MAX_TRIES = 5;

export interface Signing {
  /** The code to send to the customer's phone (never returned to the branch). */
  code: string;
  /** `session`: the room's script transcript; the media server asks for it only once the script reached signing. */
  sign(request: SignRequest, session: ScriptTranscript): VideoSignatureReceipt;
}

export function openSigning(
  room: { roomId: string; applicationId: string; contractDigest: string; ruleSet: RuleSetRef },
  key: SigningKey,
  opts: { ttlMs?: number; clock?: () => number } = {},
): Signing {
  const clock = opts.clock ?? Date.now;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = clock() + (opts.ttlMs ?? 10 * 60_000);
  let tries = 0;
  let signed = false;
  return {
    code,
    sign(request, session) {
      if (signed) throw new SigningRefused('alreadySigned');
      if (tries >= MAX_TRIES) throw new SigningRefused('tooManyTries');
      if (request.contractDigest !== room.contractDigest) throw new SigningRefused('contractMismatch');
      if (clock() >= expiresAt) throw new SigningRefused('codeExpired');
      if (!timingSafeEqual(new Uint8Array(Buffer.from(request.code.padEnd(6))), new Uint8Array(Buffer.from(code)))) {
        tries += 1;
        throw new SigningRefused(tries >= MAX_TRIES ? 'tooManyTries' : 'codeWrong');
      }
      const png = new Uint8Array(Buffer.from(request.signaturePng, 'base64'));
      // A PNG's signature bytes; an empty canvas still is a PNG, so the page also refuses an untouched pad.
      if (png.length < 100 || png[0] !== 0x89 || png[1] !== 0x50) throw new SigningRefused('signatureEmpty');
      signed = true;
      return signDoc(
        {
          type: 'video-signature' as const,
          applicationId: room.applicationId,
          roomId: room.roomId,
          contractDigest: room.contractDigest,
          recordingDigest: request.recordingDigest,
          signatureDigest: sha(png),
          signedAt: new Date(clock()).toISOString(),
          session,
          ruleSet: room.ruleSet,
        },
        key,
      );
    },
  };
}

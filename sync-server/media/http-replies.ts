import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { MediaContext } from './media-context';
import { RoomError } from './rooms';
import { SigningRefused } from './signing';
import { ScriptRefused } from './session-script';
import type { TextRefusal } from './text-limits';

// How the media routes check the branch's key and answer a refusal: `{ error, reason }` with the status it deserves.

function sameSecret(given: string, expected: string): boolean {
  // Equal-length digests: the comparison takes the same time whatever the key's length or first differing byte.
  const a = new Uint8Array(createHash('sha256').update(given).digest());
  const b = new Uint8Array(createHash('sha256').update(expected).digest());
  return timingSafeEqual(a, b);
}

/** Branch hosts open rooms and fetch evidence with the branch media key (Authorization: Bearer …). */
export function branchAuthorised(c: MediaContext, header: string | undefined): boolean {
  return !!header?.startsWith('Bearer ') && sameSecret(header.slice(7), c.options.branchKey);
}

export function refuse(reply: FastifyReply, status: number, error: string, reason: string) {
  return reply.code(status).send({ error, reason });
}

export function tooMany(reply: FastifyReply, refusal: TextRefusal) {
  return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send(refusal);
}

export function peerError(reply: FastifyReply, err: unknown) {
  if (err instanceof RoomError) return refuse(reply, err.code === 'peerUnknown' ? 410 : 400, err.code, err.message);
  if (err instanceof SigningRefused || err instanceof ScriptRefused) return refuse(reply, 409, err.reason, err.message);
  throw err;
}

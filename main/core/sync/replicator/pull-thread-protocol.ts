// What the branch host and its replica thread say to each other about pull passes run on the thread
// (thread-pull.ts on the host's side, replica-thread-worker.ts on the thread's). Only plain data crosses.
import type { CouchHttpOptions } from '../http/couch-http';
import { DeviceRevokedError, HttpError, NetworkError } from '../http/errors';
import type { WireCounts } from '../http/wire-meter';
import type { SeqRange } from '../../../../db/adapter/replica-seqs';
import type { Seq } from './checkpointer';
import type { PassKind } from './local-db';
import type { PassStats, PassTuning } from './pass';

/** The host's connection as the thread re-opens it: its own HTTP client to the same database, the same names. */
export interface ConnectionPlan {
  /** Unique per host connection; the thread keeps one client and one set of passes per plan. */
  connId: number;
  http: CouchHttpOptions;
  localId: string;
  remoteId: string;
  remoteSeq: Seq;
  selectorOnServer: boolean;
  pullTypes?: readonly string[];
}

export interface PassCall {
  op: 'pass';
  id: number;
  plan: ConnectionPlan;
  kind: PassKind;
  tuning: PassTuning;
  action: 'start' | 'catchUp' | 'hasNews';
  /** hasNews: how long the server may hold the question. */
  waitMs?: number;
}

/** The state of a pass on the thread, sent with each batch and with the outcome of each call. */
export interface PassState {
  cursor: Seq;
  stats: PassStats;
  shrankOnFailure: boolean;
  /** What the thread's client moved on the link since its last message (added to the host's meter). */
  wire: WireCounts;
}

export type PassMessage =
  | ({ op: 'batch'; id: number } & PassState)
  | ({ op: 'done'; id: number; news?: boolean } & PassState)
  | ({ op: 'failed'; id: number; error: PlainError } & PassState)
  /**
   * A slice committed on the thread: the host's counters take it in, the revisions join the connection's known ones
   * (so the push does not offer them back), and its live feeds wake. Ids and revisions only, never bodies.
   */
  | { op: 'committed'; connId: number | null; maxSeq: number; docCountDelta: number; replicaSeqs: SeqRange[]; revs: [string, string][] };

export type HostMessage = PassCall | { op: 'abort'; id: number };

/** An error as plain fields (an Error's own properties do not survive the structured clone). */
export interface PlainError {
  name: string;
  message: string;
  status?: number;
  error?: string;
  reason?: string;
  fromCouch?: boolean;
  garbled?: boolean;
  code?: string;
}

export function plainError(e: unknown): PlainError {
  if (e instanceof HttpError) return { name: e.name, message: e.message, status: e.status, error: e.error, reason: e.reason, fromCouch: e.fromCouch, garbled: e.garbled };
  if (e instanceof NetworkError) return { name: e.name, message: e.message, code: e.code };
  if (e instanceof Error) {
    const status = (e as { status?: unknown }).status;
    return { name: e.name, message: e.message, ...(typeof status === 'number' ? { status } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

/** The same kind of error again on the host, so retries, back-off and revocation treat it as if raised there. */
export function revivedError(p: PlainError): Error {
  if (p.name === 'HttpError' && p.status !== undefined) return new HttpError(p.status, p.error ?? 'http_error', p.reason ?? p.message, p.fromCouch, p.garbled);
  if (p.name === 'NetworkError') return new NetworkError(p.code ?? 'ECONNRESET', p.message);
  if (p.name === 'DeviceRevokedError') return new DeviceRevokedError();
  return Object.assign(new Error(p.message), { name: p.name, ...(p.status !== undefined ? { status: p.status } : {}) });
}

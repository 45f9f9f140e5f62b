import type { Role } from '../../../domain/staff/roles';
import type { ContractShape, OutputOf, ParsedInputOf } from './method';

/** Who is acting: every call carries it, so permissions and the audit trail never rely on the UI. */
export interface Actor {
  staffNo: string;
  name: string;
  roles: Role[];
  branch: string;
  token: string;
  /**
   * 'queue': a session opened for a counter PC's teller by the queue device (see queue/queue-device.ts); it may call
   * queue methods only. 'password': head office set this password (new account, reset); the session may only
   * change it (see dispatch.ts). Absent: a normal login.
   */
  scope?: 'queue' | 'password';
}

export interface CallContext {
  /** Null only for public methods called without a session. */
  actor: Actor | null;
  device: string;
  now: Date;
  /** Where the call came from: the client's IP address over HTTP, 'local' over IPC and in-process. Login limits key on it. */
  address: string;
}

export type Handlers<C extends ContractShape> = {
  [K in keyof C]: (args: ParsedInputOf<C[K]>, ctx: CallContext) => Promise<OutputOf<C[K]>>;
};

/** Handlers that require a session get a non-null actor; the dispatcher guarantees it for non-public methods. */
export function actorOf(ctx: CallContext): Actor {
  if (!ctx.actor) throw new Error('non-public method reached without an actor');
  return ctx.actor;
}

import type { Handlers } from '../api/handlers';
import { authenticateStaff, type AuthenticateDeps } from '../session/authenticate';
import type { sessionContract } from '../session/session.contract';
import type { Sessions } from '../session/sessions';
import type { CounterAuthDeps, CounterStaff } from './counter-auth';
import type { RemoteQueue } from './queue-remote';

type SessionHandlers = Handlers<typeof sessionContract>;

/**
 * The queue device checks a counter PC's teller exactly as its own login screen would: against head office's
 * signed staff records, inside the same lock-out and rate limits (session/authenticate.ts).
 */
export function counterAuthOf(deps: { auth: AuthenticateDeps; sessions: Sessions }): Omit<CounterAuthDeps, 'counterKey' | 'passKey'> {
  const counterStaff = (r: CounterStaff): CounterStaff => ({ staffNo: r.staffNo, name: r.name, roles: r.roles, branch: r.branch });
  return {
    async verifyPassword(staffNo, password, address) {
      return counterStaff(await authenticateStaff(deps.auth, { staffNo, password, address }));
    },
    async currentStaff(staffNo): Promise<CounterStaff | null> {
      const loaded = await deps.auth.staff.load(staffNo);
      return loaded.status === 'trusted' && loaded.record.active ? counterStaff(loaded.record) : null;
    },
    openCounterSession: (staff) => deps.sessions.open({ ...staff, scope: 'queue' }).actor.token,
  };
}

/**
 * On a counter PC: logging in here also proves the teller to the queue device with the password she just typed
 * (in the background: the login does not wait for the LAN), and logging out closes her counter session there.
 * If the queue device cannot be reached now, her counter screen asks for the password again (queue.connectCounter).
 */
export function withCounterLink(staff: SessionHandlers, remote: RemoteQueue, log: (message: string, detail?: unknown) => void): SessionHandlers {
  return {
    ...staff,
    'session.login': async (args, ctx) => {
      const view = await staff['session.login'](args, ctx);
      remote.connect(view.token, view.staff.staffNo, args.password).catch((e: unknown) => log(`counter ${view.staff.staffNo} not connected to the queue host at login`, e));
      return view;
    },
    'session.logout': async (args, ctx) => {
      if (ctx.actor) remote.disconnect(ctx.actor.token);
      return staff['session.logout'](args, ctx);
    },
  };
}

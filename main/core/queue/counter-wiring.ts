import type { CallContext, Handlers } from '../api/handlers';
import type { sessionContract } from '../session/session.contract';
import { loadStaff } from '../session/staff.service';
import type { Sessions } from '../session/sessions';
import type { CounterAuthDeps, CounterStaff } from './counter-auth';
import type { RemoteQueue } from './queue-remote';

type SessionHandlers = Handlers<typeof sessionContract>;

/**
 * The queue device checks a counter PC's teller exactly as its own login screen would: through `session.login`
 * (same staff records, lock-out and rate limits), keeping none of that session but the answer.
 */
export function counterAuthOf(deps: {
  pouch: PouchDB.Database<object>;
  sessions: Sessions;
  login: SessionHandlers['session.login'];
  device: string;
  clock: () => Date;
}): Omit<CounterAuthDeps, 'counterKey' | 'passKey'> {
  return {
    async verifyPassword(staffNo, password) {
      const ctx: CallContext = { actor: null, device: deps.device, now: deps.clock() };
      const view = await deps.login({ staffNo, password }, ctx);
      deps.sessions.close(view.token);
      const { staffNo: no, name, roles, branch } = view.staff;
      return { staffNo: no, name, roles, branch };
    },
    async currentStaff(staffNo): Promise<CounterStaff | null> {
      const staff = await loadStaff(deps.pouch, staffNo);
      return staff?.active ? { staffNo: staff.staffNo, name: staff.name, roles: staff.roles, branch: staff.branch } : null;
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

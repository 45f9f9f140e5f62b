import { randomBytes } from 'node:crypto';
import { IT_ADMIN_ROLE, REPORT_VIEWER_ROLE, RISK_OFFICER_ROLE } from '../validation/policy';

/** Who is signed in, and which of head office's roles that open a page here they hold. */
export interface Viewer {
  name: string;
  roles: string[];
}

/** The roles that let an account in at all: each page then asks for its own (dashboard: viewer; /it: IT). */
const PAGE_ROLES = ['_admin', REPORT_VIEWER_ROLE, IT_ADMIN_ROLE, RISK_OFFICER_ROLE];
export const mayViewReports = (v: Viewer) => v.roles.includes('_admin') || v.roles.includes(REPORT_VIEWER_ROLE);
export const mayRunIt = (v: Viewer) => v.roles.includes('_admin') || v.roles.includes(IT_ADMIN_ROLE);
/** The risk department: the post-loan pages, and assigning events in the centre (which a report viewer only reads). */
export const mayAssignRisk = (v: Viewer) => v.roles.includes('_admin') || v.roles.includes(RISK_OFFICER_ROLE);

export type SignInResult = ({ ok: true } & Viewer) | { ok: false; reason: 'wrong' | 'not-allowed' | 'unavailable' };
export type SignIn = (name: string, password: string) => Promise<SignInResult>;

/**
 * Head-office accounts live on head office's server (jingwei server or Apache CouchDB): the dashboard asks it with
 * `POST /_session`, so there is no second password store, and a disabled account stops working here too.
 */
export function sessionSignIn(serverUrl: string): SignIn {
  return async (name, password) => {
    let res: Response;
    try {
      res = await fetch(`${serverUrl.replace(/\/+$/, '')}/_session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name, password }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
    if (res.status === 401) return { ok: false, reason: 'wrong' };
    if (!res.ok) return { ok: false, reason: 'unavailable' };
    const body = (await res.json().catch(() => ({}))) as { name?: unknown; roles?: unknown };
    const roles = (Array.isArray(body.roles) ? body.roles : []).filter((r): r is string => PAGE_ROLES.includes(r as string));
    if (!roles.length) return { ok: false, reason: 'not-allowed' };
    return { ok: true, name: typeof body.name === 'string' ? body.name : name, roles };
  };
}

const LOCK_AFTER = 5;
const LOCK_MS = 15 * 60_000;

/**
 * Who is signed in (random tokens held in memory: restarting `jingwei report` signs everyone out), and how many
 * times a name failed lately — five failures lock it for 15 minutes, counted before head office is asked.
 */
export class DashboardSessions {
  private sessions = new Map<string, Viewer & { expires: number }>();
  private failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly lifetimeMs: number, private readonly now: () => number = Date.now) {}

  /** Minutes until the name may try again, or 0. */
  lockedFor(name: string): number {
    const f = this.failures.get(name);
    if (!f || this.now() - f.since > LOCK_MS) return 0;
    return f.count >= LOCK_AFTER ? Math.ceil((f.since + LOCK_MS - this.now()) / 60_000) : 0;
  }

  failed(name: string): void {
    const f = this.failures.get(name);
    if (!f || this.now() - f.since > LOCK_MS) this.failures.set(name, { count: 1, since: this.now() });
    else f.count++;
  }

  open(viewer: Viewer): string {
    this.failures.delete(viewer.name);
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { name: viewer.name, roles: viewer.roles, expires: this.now() + this.lifetimeMs });
    return token;
  }

  who(token: string | null): Viewer | null {
    const s = token ? this.sessions.get(token) : undefined;
    if (!s) return null;
    if (s.expires < this.now()) {
      this.sessions.delete(token!);
      return null;
    }
    return { name: s.name, roles: s.roles };
  }

  close(token: string | null): void {
    if (token) this.sessions.delete(token);
  }
}

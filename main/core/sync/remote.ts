import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { CouchHttp } from './http/couch-http';

/** Head office as this device is configured to reach it; credentials come from device config, never from the UI. */
export interface RemoteConfig {
  /** Server URL (the branch database name is appended) or the database URL itself; may carry user:password. */
  url: string;
  username?: string;
  password?: string;
  /**
   * A head-office publishing device: replicates `reference` both ways so what it publishes reaches head office
   * (its user needs the `head-office` role, see sync-server/provision.ts). Branch devices leave it unset: pull only.
   */
  publishesReference?: boolean;
}

/**
 * The branch database's URL (`dbName` appended to a server URL) without credentials, plus the credentials from
 * either the URL or the config. Throws when credentials would travel over plain http to another machine.
 */
export function resolveRemote(cfg: RemoteConfig, dbName: string): { dbUrl: string; auth: { username: string; password: string } | undefined } {
  const u = new URL(cfg.url);
  const username = cfg.username ?? (u.username ? decodeURIComponent(u.username) : undefined);
  const password = cfg.password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  u.username = '';
  u.password = '';
  const problem = username ? credentialUrlProblem(u.toString()) : null;
  if (problem) throw new Error(problem);
  const path = u.pathname.replace(/\/+$/, '');
  const last = path.split('/').pop() ?? '';
  if (!/^branch-[a-z0-9]+$/.test(last)) u.pathname = `${path}/${dbName}`;
  else u.pathname = path;
  const dbUrl = u.toString().replace(/\/$/, '');
  return { dbUrl, auth: username ? { username, password: password ?? '' } : undefined };
}

/** Every connection of sync to head office is made here (the branch database, `reference`). */
export function remoteClient(dbUrl: string, auth?: { username: string; password: string }): CouchHttp {
  return new CouchHttp({ dbUrl, ...(auth ? { auth } : {}) });
}

/** The sync client's connection to the branch database at head office (keep-alive, gzip where accepted). */
export function openRemote(cfg: RemoteConfig, dbName: string): CouchHttp {
  const { dbUrl, auth } = resolveRemote(cfg, dbName);
  return remoteClient(dbUrl, auth);
}

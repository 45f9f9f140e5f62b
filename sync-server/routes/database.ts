import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseBody } from '../http/query';
import { securityObject } from '../auth/security';
import type { ServerContext } from './context';
import { adminDb, memberDb, requireServerAdmin, userOf } from './context';

export async function dbInfo(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = memberDb(ctx, dbName, userOf(request));
  const info = await handle.store.info();
  return {
    db_name: handle.name,
    doc_count: info.doc_count,
    doc_del_count: 0,
    update_seq: info.update_seq,
    purge_seq: 0,
    compact_running: false,
    sizes: { active: 0, external: 0, file: 0 },
    disk_format_version: 8,
    instance_start_time: '0',
    props: {},
  };
}

export async function createDb(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  requireServerAdmin(userOf(request));
  await ctx.dbs.create(dbName);
  reply.code(201);
  return { ok: true };
}

export async function deleteDb(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  requireServerAdmin(userOf(request));
  await ctx.dbs.delete(dbName);
  return { ok: true };
}

export async function getSecurity(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  return memberDb(ctx, dbName, userOf(request)).security;
}

export async function putSecurity(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = adminDb(ctx, dbName, userOf(request));
  await ctx.dbs.setSecurity(handle, parseBody(securityObject, request.body, '_security'));
  return { ok: true };
}

export async function ensureFullCommit(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  memberDb(ctx, dbName, userOf(request));
  reply.code(201);
  return { ok: true, instance_start_time: '0' };
}

export async function compact(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const handle = adminDb(ctx, dbName, userOf(request));
  void handle.store.compact().catch(() => undefined);
  reply.code(202);
  return { ok: true };
}

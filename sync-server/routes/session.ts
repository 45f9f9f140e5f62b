import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { makeSessionToken } from '../auth/cookie';
import { sessionCookie } from '../auth/context';
import { unauthorized } from '../errors';
import { parseBody } from '../http/query';
import type { ServerContext } from './context';
import { userOf } from './context';

const credentials = z.object({ name: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

export function registerSession(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/_session', async (request) => ({
    ok: true,
    userCtx: userOf(request),
    info: {
      authentication_handlers: ['cookie', 'default'],
      ...(request.authVia ? { authenticated: request.authVia } : {}),
    },
  }));

  app.post('/_session', async (request, reply) => {
    const { name, password } = parseBody(credentials, request.body, '_session');
    const user = await ctx.auth.users.authenticate(name, password);
    const holder = user && (await ctx.auth.users.saltOf(name));
    if (!user || !holder) throw unauthorized('Name or password is incorrect.');
    const token = makeSessionToken(name, ctx.auth.secret, holder.salt, Date.now() / 1000);
    reply.header('set-cookie', sessionCookie(token, ctx.auth.sessionTimeoutSeconds));
    return { ok: true, name: user.name, roles: user.roles };
  });

  app.delete('/_session', async (_request, reply) => {
    reply.header('set-cookie', sessionCookie('', 0));
    return { ok: true };
  });
}

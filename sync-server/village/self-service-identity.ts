import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { creditLineId } from '../../domain/village/credit-line';
import { householdIdFrom } from '../../domain/village/household-list';
import { trustedLine } from './credit-lines';
import { refuse, type SelfServiceContext } from './self-service-context';
import { lineView } from './self-service-line-view';
import { selfServicePageHtml, SELF_SERVICE_SCRIPT } from './self-service-page';
import { branchCode, startBody, verifyBody } from './self-service-requests';

const START_ANSWER = '如信息与授信记录一致，验证码已发送至预留手机号 (if the details match a credit line, a code was sent to the phone on file)';
const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** The village's page and its script, then proving who one is: start (name + ID number) and verify (the code). */
export function registerIdentityRoutes(app: FastifyInstance, ctx: SelfServiceContext) {
  app.get<{ Params: { branch: string; village: string } }>('/village/:branch/:village', villagePage);
  app.get('/village-static/self-service.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(SELF_SERVICE_SCRIPT));
  app.post('/village-api/start', (request, reply) => start(ctx, request, reply));
  app.post('/village-api/verify', (request, reply) => verify(ctx, request, reply));
}

async function villagePage(request: FastifyRequest<{ Params: { branch: string; village: string } }>, reply: FastifyReply) {
  const branch = branchCode.safeParse(request.params.branch);
  if (!branch.success || request.params.village.length > 60) return refuse(reply, 'badRequest');
  return reply.type('text/html; charset=utf-8').send(selfServicePageHtml(branch.data, request.params.village));
}

/** The household head on file for this ID number and village, with the phone the branch holds; null for anyone else. */
async function matchOf(ctx: SelfServiceContext, branch: string, village: string, name: string, idNumber: string): Promise<{ lineId: string; phone: string } | null> {
  const householdId = householdIdFrom(sha256Hex, idNumber);
  const line = await trustedLine(ctx.couch, ctx.dbOf(branch), creditLineId(householdId), ctx.keys);
  const household = line && line.village === village ? await ctx.couch.get<{ headName?: string; headIdNumber?: string; members?: { idNumber: string; relation: string; phone: string }[] }>(ctx.dbOf(branch), householdId) : null;
  const phone = household?.members?.find((m) => m.idNumber === idNumber)?.phone ?? '';
  return line && household && household.headName === name && household.headIdNumber === idNumber && /^1\d{10}$/.test(phone) ? { lineId: line._id, phone } : null;
}

/** Always the same answer and a ticket, whether or not the details match: a code goes only to the phone on file. */
async function start(ctx: SelfServiceContext, request: FastifyRequest, reply: FastifyReply) {
  const body = startBody.safeParse(request.body);
  if (!body.success) return refuse(reply, 'badRequest');
  const { branch, village, name } = body.data;
  const idNumber = body.data.idNumber.toUpperCase();
  const match = await matchOf(ctx, branch, village, name, idNumber);
  const started = ctx.guard.start(branch, idNumber, match?.lineId ?? null, request.ip);
  if (typeof started === 'string') return refuse(reply, started);
  if (match && started.code) {
    // Not awaited: the answer must not take longer when a code is really sent.
    void ctx.sendCode({ kind: 'phone', number: match.phone }, `【精微农商银行】您的整村授信签约/用信验证码为 ${started.code}，10分钟内有效。请勿告诉他人，包括银行工作人员。`, match.lineId)
      .catch((e: unknown) => ctx.log('warn', `code for ${match.lineId} not sent: ${(e as Error).message}`));
    ctx.log('info', `${branch} ${match.lineId}: 验证码已发送 code sent (self-service)`);
  }
  return { ticket: started.ticket, message: START_ANSWER };
}

async function verify(ctx: SelfServiceContext, request: FastifyRequest, reply: FastifyReply) {
  const body = verifyBody.safeParse(request.body);
  if (!body.success) return refuse(reply, 'badRequest');
  const verified = ctx.guard.verify(body.data.ticket, body.data.code, request.ip);
  if (typeof verified === 'string') return refuse(reply, verified);
  const found = await lineView(ctx, verified.branch, verified.lineId);
  if (!found) return refuse(reply, 'sessionGone');
  ctx.log('info', `${verified.branch} ${verified.lineId}: 身份已验证 verified (self-service)`);
  return { session: verified.session, ...found.view };
}

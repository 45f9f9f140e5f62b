import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { monotonicFactory } from 'ulid';
import { signerOf } from '../../trust/head-office-keys';
import { signDoc } from '../../trust/signature';
import { trustedLine } from './credit-lines';
import { refuse, type SelfServiceContext } from './self-service-context';
import { lineView } from './self-service-line-view';
import { drawBody, sessionBody, signBody } from './self-service-requests';

const ulid = monotonicFactory();

/** With a verified session: read the line, sign its contract, ask for a drawdown within it. */
export function registerLineRoutes(app: FastifyInstance, ctx: SelfServiceContext) {
  app.post('/village-api/line', (request, reply) => readLine(ctx, request, reply));
  app.post('/village-api/sign', (request, reply) => sign(ctx, request, reply));
  app.post('/village-api/draw', (request, reply) => draw(ctx, request, reply));
}

const sessionOf = (ctx: SelfServiceContext, raw: unknown) => {
  const s = sessionBody.safeParse(raw);
  return s.success ? ctx.guard.session(s.data.session) : null;
};

async function readLine(ctx: SelfServiceContext, request: FastifyRequest, reply: FastifyReply) {
  const session = sessionOf(ctx, request.body);
  if (!session) return refuse(reply, 'sessionGone');
  const found = await lineView(ctx, session.branch, session.lineId);
  return found ? found.view : refuse(reply, 'sessionGone');
}

/** The drawn signature bound to the contract digest the page showed; head office re-signs the line with it, once. */
async function sign(ctx: SelfServiceContext, request: FastifyRequest, reply: FastifyReply) {
  const session = sessionOf(ctx, request.body);
  if (!session) return refuse(reply, 'sessionGone');
  const body = signBody.safeParse(request.body);
  if (!body.success) return refuse(reply, 'badRequest');
  const png = new Uint8Array(Buffer.from(body.data.signaturePng, 'base64'));
  if (png.length < 100 || png[0] !== 0x89 || png[1] !== 0x50) return refuse(reply, 'signatureEmpty');
  return ctx.serial(session.lineId, async () => {
    const line = await trustedLine(ctx.couch, ctx.dbOf(session.branch), session.lineId, ctx.keys);
    if (!line) return refuse(reply, 'sessionGone');
    if (line.contractDigest !== body.data.contractDigest) return refuse(reply, 'contractMismatch');
    if (!line.signing) {
      const { sig: _sig, _rev, ...content } = line as typeof line & { sig?: unknown };
      const signing = { signedAt: new Date(ctx.clock()).toISOString(), signatureDigest: `sha256:${createHash('sha256').update(png).digest('hex')}`, contractDigest: line.contractDigest, channel: 'qr' as const };
      await ctx.couch.put(ctx.dbOf(session.branch), { ...signDoc({ ...content, signing }, signerOf(ctx.keys)), _rev });
      ctx.log('info', `${session.branch} ${line._id}: 已签约 signed (self-service)`);
    }
    return (await lineView(ctx, session.branch, session.lineId))!.view;
  });
}

/** A drawdown request within what is left of a signed, unexpired line, written as a document head office signs. */
async function draw(ctx: SelfServiceContext, request: FastifyRequest, reply: FastifyReply) {
  const session = sessionOf(ctx, request.body);
  if (!session) return refuse(reply, 'sessionGone');
  const body = drawBody.safeParse(request.body);
  if (!body.success) return refuse(reply, 'badRequest');
  return ctx.serial(session.lineId, async () => {
    const found = await lineView(ctx, session.branch, session.lineId);
    if (!found) return refuse(reply, 'sessionGone');
    const { line, view } = found;
    if (!line.signing) return refuse(reply, 'notSigned');
    const now = new Date(ctx.clock());
    if (line.expiresOn < now.toISOString().slice(0, 10)) return refuse(reply, 'expired');
    if (body.data.amountFen > view.availableFen) return refuse(reply, 'overLimit');
    const drawdown = signDoc(
      { _id: `credit-drawdown:${ulid(now.getTime())}`, type: 'credit-drawdown' as const, branch: session.branch, village: line.village, lineId: line._id, householdId: line.householdId, amountFen: body.data.amountFen, status: 'requested' as const, channel: 'qr' as const, requestedAt: now.toISOString() },
      signerOf(ctx.keys),
    );
    await ctx.couch.put(ctx.dbOf(session.branch), drawdown);
    ctx.log('info', `${session.branch} ${line._id}: 用信申请 drawdown ${body.data.amountFen} fen (self-service)`);
    return (await lineView(ctx, session.branch, session.lineId))!.view;
  });
}

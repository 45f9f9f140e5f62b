import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { monotonicFactory } from 'ulid';
import { z } from 'zod';
import { availableFen, contractTerms, creditDrawdownContent, creditLineId, type CreditDrawdown } from '../../domain/village/credit-line';
import { householdIdFrom } from '../../domain/village/household-list';
import { isAllowedHost } from '../../domain/net/host-header';
import { signerOf, trustRootOf, type HeadOfficeKeys } from '../../trust/head-office-keys';
import { signDoc, verifyDoc } from '../../trust/signature';
import { couchClient, type CouchTarget } from '../identity/couch';
import { trustedLine } from './credit-lines';
import { openGuard, type GuardRefusal, type SelfServiceGuard } from './self-service-guard';
import { selfServicePageHtml, SELF_SERVICE_SCRIPT } from './self-service-page';

// 村级营销二维码 → head office's self-service page for households: the head of a household with a credit line proves
// who they are (name + ID number + a one-time code to the phone the branch has on file), reads and signs the contract
// (drawn signature bound to the contract digest) and asks for drawdowns within the line. Head office writes the
// signing and each drawdown as documents it signs; the branch sees them after its next sync. The page answers nothing
// else: not whether an ID number is a customer, not a balance, not another household.

export interface SelfServiceOptions {
  /** Our server or Apache CouchDB, as a `feed-publisher` user (it writes credit-line and credit-drawdown docs). */
  target: CouchTarget;
  keys: HeadOfficeKeys;
  host?: string;
  port?: number;
  allowedHosts?: readonly string[];
  clock?: () => number;
  /** Delivers the one-time code to the phone on file (head office's outbox; console in the demo). */
  sendCode(to: { kind: 'phone'; number: string }, text: string, ref: string): Promise<void>;
  log?: (level: 'info' | 'warn', message: string) => void;
  guard?: SelfServiceGuard;
  /** Where wrong-code lockouts are kept, so a restart does not lift them (without it: in memory only). */
  lockFile?: string;
}

export interface SelfService {
  url: string;
  /** The address the village's QR code opens. */
  villageUrl(branch: string, village: string): string;
  close(): Promise<void>;
}

const REFUSALS: Record<GuardRefusal | 'badRequest' | 'sessionGone' | 'contractMismatch' | 'signatureEmpty' | 'notSigned' | 'overLimit' | 'expired', [number, string]> = {
  codeWrong: [400, '验证码不正确 (wrong code)'],
  ticketVoid: [400, '验证码已失效，请重新获取 (the code is no longer valid; ask for a new one)'],
  locked: [429, '错误次数过多，已锁定，请到网点办理 (too many wrong codes: locked, please visit the branch)'],
  tooManyRequests: [429, '请求过于频繁，请稍后再试 (too many requests; try again later)'],
  badRequest: [400, '请求内容不正确 (invalid request)'],
  sessionGone: [401, '登录已过期，请重新验证 (session expired; verify again)'],
  contractMismatch: [409, '合同已变更，请重新阅读后签署 (the contract changed; read it again before signing)'],
  signatureEmpty: [400, '请先在签名框内签名 (draw your signature first)'],
  notSigned: [409, '请先签署合同再用信 (sign the contract before drawing)'],
  overLimit: [400, '超过可用额度 (more than the available credit)'],
  expired: [409, '额度已到期，请到网点办理 (the credit line has expired; please visit the branch)'],
};
const START_ANSWER = '如信息与授信记录一致，验证码已发送至预留手机号 (if the details match a credit line, a code was sent to the phone on file)';

const branchCode = z.string().regex(/^[A-Z0-9]{2,16}$/);
const startBody = z.object({ branch: branchCode, village: z.string().min(1).max(60), name: z.string().min(1).max(40), idNumber: z.string().regex(/^[0-9]{17}[0-9Xx]$/) });
const verifyBody = z.object({ ticket: z.string().min(10).max(64), code: z.string().regex(/^\d{6}$/) });
const sessionBody = z.object({ session: z.string().min(10).max(64) });
const signBody = sessionBody.extend({ contractDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/), signaturePng: z.string().min(100).max(270_000).regex(/^[A-Za-z0-9+/]+=*$/) });
const drawBody = sessionBody.extend({ amountFen: z.int().min(100).max(100_000_000_00) });

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const ulid = monotonicFactory();

export async function startSelfService(opts: SelfServiceOptions): Promise<SelfService> {
  const couch = couchClient(opts.target);
  const trust = trustRootOf(opts.keys);
  const clock = opts.clock ?? Date.now;
  const guard = opts.guard ?? openGuard(clock, undefined, opts.lockFile);
  const log = opts.log ?? (() => {});
  const dbOf = (branch: string) => `branch-${branch.toLowerCase()}`;
  // One household's writes at a time, so two drawdowns at once cannot both pass the limit check.
  const lineLocks = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (lineLocks.get(key) ?? Promise.resolve()).catch(() => {}).then(work);
    lineLocks.set(key, next);
    void next.finally(() => lineLocks.get(key) === next && lineLocks.delete(key)).catch(() => {});
    return next;
  };

  const app: FastifyInstance = Fastify({ bodyLimit: 400 * 1024 });
  const refuse = (reply: FastifyReply, why: keyof typeof REFUSALS) => reply.code(REFUSALS[why][0]).send({ error: why, reason: REFUSALS[why][1] });

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, opts.allowedHosts ?? [])) return reply.code(400).send({ error: 'bad_host', reason: 'Host not served here' });
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  app.get<{ Params: { branch: string; village: string } }>('/village/:branch/:village', async (request, reply) => {
    const branch = branchCode.safeParse(request.params.branch);
    if (!branch.success || request.params.village.length > 60) return refuse(reply, 'badRequest');
    return reply.type('text/html; charset=utf-8').send(selfServicePageHtml(branch.data, request.params.village));
  });
  app.get('/village-static/self-service.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(SELF_SERVICE_SCRIPT));

  app.post('/village-api/start', async (request, reply) => {
    const body = startBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 'badRequest');
    const { branch, village, name } = body.data;
    const idNumber = body.data.idNumber.toUpperCase();
    let match: { lineId: string; phone: string } | null = null;
    {
      const householdId = householdIdFrom(sha256Hex, idNumber);
      const line = await trustedLine(couch, dbOf(branch), creditLineId(householdId), opts.keys);
      const household = line && line.village === village ? await couch.get<{ headName?: string; headIdNumber?: string; members?: { idNumber: string; relation: string; phone: string }[] }>(dbOf(branch), householdId) : null;
      const phone = household?.members?.find((m) => m.idNumber === idNumber)?.phone ?? '';
      if (line && household && household.headName === name && household.headIdNumber === idNumber && /^1\d{10}$/.test(phone)) match = { lineId: line._id, phone };
    }
    const started = guard.start(branch, idNumber, match?.lineId ?? null, request.ip);
    if (typeof started === 'string') return refuse(reply, started);
    if (match && started.code) {
      // Not awaited: the answer must not take longer when a code is really sent.
      void opts.sendCode({ kind: 'phone', number: match.phone }, `【精微农商银行】您的整村授信签约/用信验证码为 ${started.code}，10分钟内有效。请勿告诉他人，包括银行工作人员。`, match.lineId)
        .catch((e: unknown) => log('warn', `code for ${match.lineId} not sent: ${(e as Error).message}`));
      log('info', `${branch} ${match.lineId}: 验证码已发送 code sent (self-service)`);
    }
    return { ticket: started.ticket, message: START_ANSWER };
  });

  async function lineView(branch: string, lineId: string) {
    const line = await trustedLine(couch, dbOf(branch), lineId, opts.keys);
    if (!line) return null;
    const drawdowns = await drawdownsOf(branch, lineId);
    return {
      line,
      view: {
        village: line.village, limitFen: line.limitFen, rateBp: line.rateBp, termMonths: line.termMonths, expiresOn: line.expiresOn,
        terms: contractTerms(line), contractDigest: line.contractDigest, signed: !!line.signing, availableFen: availableFen(line, drawdowns),
        drawdowns: drawdowns.map((d) => ({ amountFen: d.amountFen, requestedAt: d.requestedAt, status: d.status })),
      },
    };
  }

  async function drawdownsOf(branch: string, lineId: string): Promise<CreditDrawdown[]> {
    const out: CreditDrawdown[] = [];
    let since: string | number = 0;
    for (;;) {
      const page: { results: { doc?: unknown }[]; last_seq: string | number } = await couch.changes<unknown>(dbOf(branch), since, { type: 'credit-drawdown', lineId }, 500);
      for (const c of page.results) if (c.doc && creditDrawdownContent.safeParse(c.doc).success && verifyDoc(c.doc, trust)) out.push(c.doc as CreditDrawdown);
      if (page.results.length === 0) return out;
      since = page.last_seq;
    }
  }

  app.post('/village-api/verify', async (request, reply) => {
    const body = verifyBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 'badRequest');
    const verified = guard.verify(body.data.ticket, body.data.code, request.ip);
    if (typeof verified === 'string') return refuse(reply, verified);
    const found = await lineView(verified.branch, verified.lineId);
    if (!found) return refuse(reply, 'sessionGone');
    log('info', `${verified.branch} ${verified.lineId}: 身份已验证 verified (self-service)`);
    return { session: verified.session, ...found.view };
  });

  const sessionOf = (raw: unknown) => {
    const s = sessionBody.safeParse(raw);
    return s.success ? guard.session(s.data.session) : null;
  };

  app.post('/village-api/line', async (request, reply) => {
    const session = sessionOf(request.body);
    if (!session) return refuse(reply, 'sessionGone');
    const found = await lineView(session.branch, session.lineId);
    return found ? found.view : refuse(reply, 'sessionGone');
  });

  app.post('/village-api/sign', async (request, reply) => {
    const session = sessionOf(request.body);
    if (!session) return refuse(reply, 'sessionGone');
    const body = signBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 'badRequest');
    const png = new Uint8Array(Buffer.from(body.data.signaturePng, 'base64'));
    if (png.length < 100 || png[0] !== 0x89 || png[1] !== 0x50) return refuse(reply, 'signatureEmpty');
    return serial(session.lineId, async () => {
      const line = await trustedLine(couch, dbOf(session.branch), session.lineId, opts.keys);
      if (!line) return refuse(reply, 'sessionGone');
      if (line.contractDigest !== body.data.contractDigest) return refuse(reply, 'contractMismatch');
      if (!line.signing) {
        const { sig: _sig, _rev, ...content } = line as typeof line & { sig?: unknown };
        const signing = { signedAt: new Date(clock()).toISOString(), signatureDigest: `sha256:${createHash('sha256').update(png).digest('hex')}`, contractDigest: line.contractDigest, channel: 'qr' as const };
        await couch.put(dbOf(session.branch), { ...signDoc({ ...content, signing }, signerOf(opts.keys)), _rev });
        log('info', `${session.branch} ${line._id}: 已签约 signed (self-service)`);
      }
      return (await lineView(session.branch, session.lineId))!.view;
    });
  });

  app.post('/village-api/draw', async (request, reply) => {
    const session = sessionOf(request.body);
    if (!session) return refuse(reply, 'sessionGone');
    const body = drawBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 'badRequest');
    return serial(session.lineId, async () => {
      const found = await lineView(session.branch, session.lineId);
      if (!found) return refuse(reply, 'sessionGone');
      const { line, view } = found;
      if (!line.signing) return refuse(reply, 'notSigned');
      const now = new Date(clock());
      if (line.expiresOn < now.toISOString().slice(0, 10)) return refuse(reply, 'expired');
      if (body.data.amountFen > view.availableFen) return refuse(reply, 'overLimit');
      const drawdown = signDoc(
        { _id: `credit-drawdown:${ulid(now.getTime())}`, type: 'credit-drawdown' as const, branch: session.branch, village: line.village, lineId: line._id, householdId: line.householdId, amountFen: body.data.amountFen, status: 'requested' as const, channel: 'qr' as const, requestedAt: now.toISOString() },
        signerOf(opts.keys),
      );
      await couch.put(dbOf(session.branch), drawdown);
      log('info', `${session.branch} ${line._id}: 用信申请 drawdown ${body.data.amountFen} fen (self-service)`);
      return (await lineView(session.branch, session.lineId))!.view;
    });
  });

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    villageUrl: (branch, village) => `${url}/village/${encodeURIComponent(branch)}/${encodeURIComponent(village)}`,
    close: () => app.close(),
  };
}

import type { FastifyReply } from 'fastify';
import { trustRootOf, type HeadOfficeKeys } from '../../trust/head-office-keys';
import { couchClient, type CouchClient } from '../identity/couch';
import { openGuard, type GuardRefusal, type SelfServiceGuard } from './self-service-guard';
import type { SelfServiceOptions } from './self-service';

/** What every self-service route works over, made once when the service starts. */
export interface SelfServiceContext {
  couch: CouchClient;
  keys: HeadOfficeKeys;
  trust: ReturnType<typeof trustRootOf>;
  clock: () => number;
  guard: SelfServiceGuard;
  log: (level: 'info' | 'warn', message: string) => void;
  sendCode: SelfServiceOptions['sendCode'];
  dbOf(branch: string): string;
  /** One household's writes at a time, so two drawdowns at once cannot both pass the limit check. */
  serial<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function selfServiceContext(opts: SelfServiceOptions): SelfServiceContext {
  const clock = opts.clock ?? Date.now;
  const lineLocks = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (lineLocks.get(key) ?? Promise.resolve()).catch(() => {}).then(work);
    lineLocks.set(key, next);
    void next.finally(() => lineLocks.get(key) === next && lineLocks.delete(key)).catch(() => {});
    return next;
  };
  return {
    couch: couchClient(opts.target),
    keys: opts.keys,
    trust: trustRootOf(opts.keys),
    clock,
    guard: opts.guard ?? openGuard(clock, undefined, opts.lockFile),
    log: opts.log ?? (() => {}),
    sendCode: opts.sendCode,
    dbOf: (branch) => `branch-${branch.toLowerCase()}`,
    serial,
  };
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

/** The refusal's status, code and bilingual reason; returns the reply, as the handlers return it. */
export const refuse = (reply: FastifyReply, why: keyof typeof REFUSALS) => reply.code(REFUSALS[why][0]).send({ error: why, reason: REFUSALS[why][1] });

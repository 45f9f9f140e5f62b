import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { translate } from '../../../i18n/translate';
import { can } from '../../../domain/staff/roles';
import type { Actor, CallContext, Handlers } from './handlers';
import type { ContractShape } from './method';
import { ApiError, type ApiErrorBody, type FieldError } from './errors';
import type { CallRequest, CallResult } from './transport';

export function apiError(code: ApiErrorBody['code'], key: string, params?: ApiErrorBody['params'], extra?: Partial<ApiErrorBody>): ApiError {
  return new ApiError({ code, key, params, message: translate(key, params), ...extra });
}

function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.join('.');
    const params = { field: path || 'args', reason: issue.message };
    return { path, key: 'error.BAD_REQUEST', params, message: translate('error.BAD_REQUEST', { reason: `${params.field}: ${issue.message}` }) };
  });
}

export interface DispatcherOptions<C extends ContractShape> {
  contract: C;
  handlers: Handlers<C>;
  resolveSession(token: string): Actor | null;
  device: string;
  clock?: () => Date;
  onInternalError?(ref: string, error: unknown, method: string): void;
}

/**
 * The single entry point for IPC, HTTP and tests: validates the arguments against the contract, resolves the
 * acting staff member and checks the permission here in the core — never only in the UI.
 */
export function createDispatcher<C extends ContractShape>(opts: DispatcherOptions<C>) {
  const clock = opts.clock ?? (() => new Date());

  async function invoke(req: CallRequest): Promise<unknown> {
    const spec = Object.hasOwn(opts.contract, req.method) ? opts.contract[req.method] : undefined;
    if (!spec) throw apiError('NOT_FOUND', 'error.unknownMethod', { method: String(req.method).slice(0, 80) });

    const actor = req.token ? opts.resolveSession(req.token) : null;
    if (actor?.scope === 'queue' && !String(req.method).startsWith('queue.')) throw apiError('FORBIDDEN', 'error.queueScope');
    if (spec.access !== 'public') {
      if (!actor) throw apiError('UNAUTHENTICATED', req.token ? 'error.sessionExpired' : 'error.UNAUTHENTICATED');
      if (spec.access !== 'authenticated' && !can(actor.roles, spec.access)) {
        const roles = actor.roles.map((r) => translate(`role.${r}`)).join('、');
        throw apiError('FORBIDDEN', 'error.FORBIDDEN', { roles, permission: spec.access });
      }
    }

    const parsed = spec.input.safeParse(req.args ?? {});
    if (!parsed.success) {
      const fields = zodFieldErrors(parsed.error);
      throw apiError('BAD_REQUEST', 'error.BAD_REQUEST', { reason: fields.map((f) => f.params?.field).join(', ') }, { fields });
    }
    const ctx: CallContext = { actor, device: opts.device, now: clock() };
    const handler = opts.handlers[req.method as keyof C] as (args: unknown, ctx: CallContext) => Promise<unknown>;
    return handler(parsed.data, ctx);
  }

  return {
    async call(req: CallRequest): Promise<CallResult> {
      try {
        return { ok: true, value: await invoke(req) };
      } catch (error) {
        if (error instanceof ApiError) return { ok: false, error: error.body };
        // Unexpected failures get a reference the teller can read out to IT; details stay in the log.
        const ref = randomUUID().slice(0, 8);
        opts.onInternalError?.(ref, error, req.method);
        return { ok: false, error: apiError('INTERNAL', 'error.INTERNAL', { ref }).body };
      }
    },
  };
}

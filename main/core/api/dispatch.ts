import { randomUUID } from 'node:crypto';
import { translate } from '../../../i18n/translate';
import { can } from '../../../domain/staff/roles';
import type { Actor, CallContext, Handlers } from './handlers';
import type { ContractShape } from './method';
import { ApiError, type ApiErrorBody, type FieldError } from './errors';
import type { CallRequest, CallResult } from './transport';
import { fieldErrorsFromZod } from './validation-errors';

export function apiError(code: ApiErrorBody['code'], key: string, params?: ApiErrorBody['params'], extra?: Partial<ApiErrorBody>): ApiError {
  return new ApiError({ code, key, params, message: translate(key, params), ...extra });
}

/** One sentence for the whole refusal: the first field's message, and how many more need changing. */
export function invalidInputError(fields: FieldError[]): ApiError {
  const first = fields[0]?.message ?? translate('validation.api.invalid', { field: translate('field.unknown') });
  return fields.length > 1
    ? apiError('BAD_REQUEST', 'error.invalidInputMore', { first, more: fields.length - 1 }, { fields })
    : apiError('BAD_REQUEST', 'error.invalidInput', { first }, { fields });
}

/** What a session may do before a password head office set has been changed. */
const PASSWORD_SCOPE = new Set(['system.info', 'session.me', 'session.logout', 'staff.changePassword', 'staff.myRequests']);

export interface DispatcherOptions<C extends ContractShape> {
  contract: C;
  handlers: Handlers<C>;
  resolveSession(token: string): Actor | null;
  /** What a session of a limited scope may call (e.g. a counter PC's queue session); a scoped session gets nothing else. */
  scopes?: Partial<Record<NonNullable<Actor['scope']>, readonly string[]>>;
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

  async function invoke(req: CallRequest, at?: Date): Promise<unknown> {
    const spec = Object.hasOwn(opts.contract, req.method) ? opts.contract[req.method] : undefined;
    if (!spec) throw apiError('NOT_FOUND', 'error.unknownMethod', { method: String(req.method).slice(0, 80) });

    const actor = req.token ? opts.resolveSession(req.token) : null;
    if (actor?.scope === 'password' && !PASSWORD_SCOPE.has(req.method)) throw apiError('FORBIDDEN', 'error.mustChangePassword');
    if (actor?.scope === 'queue' && !opts.scopes?.queue?.includes(String(req.method))) throw apiError('FORBIDDEN', 'error.queueScope');
    if (spec.access !== 'public') {
      if (!actor) throw apiError('UNAUTHENTICATED', req.token ? 'error.sessionExpired' : 'error.UNAUTHENTICATED');
      if (spec.access !== 'authenticated' && !can(actor.roles, spec.access)) {
        const roles = actor.roles.map((r) => translate(`role.${r}`)).join('、');
        throw apiError('FORBIDDEN', 'error.FORBIDDEN', { roles, permission: spec.access, permissionName: translate(`permission.${spec.access}`) });
      }
    }

    const parsed = spec.input.safeParse(req.args ?? {}, { reportInput: true });
    if (!parsed.success) {
      throw invalidInputError(fieldErrorsFromZod(parsed.error));
    }
    const ctx: CallContext = { actor, device: opts.device, now: at ?? clock(), address: req.address ?? 'local' };
    const handler = opts.handlers[req.method as keyof C] as (args: unknown, ctx: CallContext) => Promise<unknown>;
    return handler(parsed.data, ctx);
  }

  return {
    /** `at` is for in-process callers that replay a past (the demo's history); transports never pass it. */
    async call(req: CallRequest, at?: Date): Promise<CallResult> {
      try {
        return { ok: true, value: await invoke(req, at) };
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

/** Error codes the renderer and CLI can act on; HTTP status is derived from the code, never chosen ad hoc. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  TOO_MANY: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the field, e.g. `idNumber` or `shareholders.0.shareBp`. */
  path: string;
  /** i18n key of the rule that failed, e.g. `validation.residentId.checkDigit`. */
  key: string;
  params?: Record<string, string | number>;
  /** The message in Simplified Chinese, for clients that do not translate (CLI, logs). */
  message: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  key: string;
  params?: Record<string, string | number>;
  message: string;
  fields?: FieldError[];
  /** Extra machine-readable detail, e.g. the id of the existing customer on DUPLICATE. */
  detail?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
}

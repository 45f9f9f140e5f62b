/** An error answered the CouchDB way: `{ "error": ..., "reason": ... }` with the matching HTTP status. */
export class CouchError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export const badRequest = (reason: string) => new CouchError(400, 'bad_request', reason);
export const notFound = (reason = 'missing') => new CouchError(404, 'not_found', reason);
export const forbidden = (reason: string) => new CouchError(403, 'forbidden', reason);
export const unauthorized = (reason: string) => new CouchError(401, 'unauthorized', reason);

interface ErrorLike {
  status?: unknown;
  statusCode?: unknown;
  name?: unknown;
  error?: unknown;
  reason?: unknown;
  message?: unknown;
  code?: unknown;
}

/**
 * Turns anything thrown (our CouchError, a PouchDB error, a fastify parser error) into a CouchDB error body.
 * Unknown failures become 500 without leaking a stack trace to the client.
 */
export function toCouchError(err: unknown): CouchError {
  if (err instanceof CouchError) return err;
  const e = (err ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new CouchError(413, 'too_large', 'the request entity is too large');
  if (code.startsWith('FST_ERR_CTP') || code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || err instanceof SyntaxError) {
    return badRequest(code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'invalid gzip request body' : 'invalid UTF-8 JSON');
  }
  if (code === 'FST_ERR_BAD_URL') return badRequest('invalid URL');
  let status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  // PouchDB labels these client mistakes 500; CouchDB answers them with 400.
  if (e.name === 'doc_validation' || e.name === 'badarg') status = 400;
  if (status >= 500 || status < 400) return new CouchError(500, 'unknown_error', 'internal server error');
  const name = typeof e.error === 'string' ? e.error : typeof e.name === 'string' ? e.name : 'bad_request';
  // PouchDB's doc_validation keeps CouchDB's full text in `message` and only the field in `reason`.
  const preferMessage = e.name === 'doc_validation' && typeof e.message === 'string';
  const reason = preferMessage ? (e.message as string) : typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : name;
  return new CouchError(status, name === 'Error' || name === 'FastifyError' ? 'bad_request' : name, reason);
}

export function errorBody(err: CouchError): { error: string; reason: string } {
  return { error: err.error, reason: err.reason };
}

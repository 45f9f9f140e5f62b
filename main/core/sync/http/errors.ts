/**
 * What a server answers when it cannot parse a body (CouchDB's words for JSON; ours for gzip and multipart framing).
 * This client only sends bodies it built well-formed, so such an answer means the bytes were garbled on the way:
 * the link's failure, worth another try — never a refusal of the documents in it.
 */
const GARBLED_BODY = /^(invalid UTF-8 JSON|invalid gzip request body|multipart )/;

/** The server answered with an error status; `error`/`reason` are CouchDB's fields when the body had them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    /** The answer came from CouchDB's logic (`{error, reason}`), not from an HTTP parser or a proxy. */
    readonly fromCouch = true,
    /** A 400 for a body the server could not parse (see GARBLED_BODY). */
    readonly garbled = false,
  ) {
    super(`${status} ${error}: ${reason}`);
    this.name = 'HttpError';
  }

  /** `fromCouch` is false for a 400 about a garbled body (see GARBLED_BODY): retried, not reported as refused. */
  static from(status: number, body: Buffer, what: string): HttpError {
    let error = 'http_error';
    let reason = what;
    let fromCouch = false;
    let garbled = false;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown; reason?: unknown };
      if (typeof parsed.error === 'string') error = parsed.error;
      if (typeof parsed.reason === 'string') {
        reason = `${what}: ${parsed.reason}`;
        garbled = status === 400 && GARBLED_BODY.test(parsed.reason);
        fromCouch = !garbled;
      }
    } catch {
      // Not JSON (a proxy's HTML page): the status says enough.
    }
    return new HttpError(status, error, reason, fromCouch, garbled);
  }
}

/** The exchange did not complete: refused, reset, cut mid-answer, timed out or cancelled. Always worth a retry. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }

  static from(e: NodeJS.ErrnoException): NetworkError {
    return new NetworkError(e.code ?? 'ECONNRESET', e.message);
  }
}

/**
 * Head office revoked this device (its user holds only the revoked role): nothing more may go up, and the device
 * wipes its local data. Never retried.
 */
export class DeviceRevokedError extends Error {
  constructor() {
    super('this device was revoked by head office');
    this.name = 'DeviceRevokedError';
  }
}

/** The server answered with an error status; `error`/`reason` are CouchDB's fields when the body had them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    /** The answer came from CouchDB's logic (`{error, reason}`), not from an HTTP parser or a proxy. */
    readonly fromCouch = true,
  ) {
    super(`${status} ${error}: ${reason}`);
    this.name = 'HttpError';
  }

  static from(status: number, body: Buffer, what: string): HttpError {
    let error = 'http_error';
    let reason = what;
    let fromCouch = false;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown; reason?: unknown };
      if (typeof parsed.error === 'string') error = parsed.error;
      if (typeof parsed.reason === 'string') {
        reason = `${what}: ${parsed.reason}`;
        fromCouch = true;
      }
    } catch {
      // Not JSON (a proxy's HTML page): the status says enough.
    }
    return new HttpError(status, error, reason, fromCouch);
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

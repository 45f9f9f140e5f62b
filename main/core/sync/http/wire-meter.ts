/** Bytes of request and reply bodies as they crossed the link (compressed when compressed). */
export interface WireCounts {
  bytesSent: number;
  bytesReceived: number;
  requests: number;
  /** Requests the server answered (any status). */
  answered: number;
  /** Requests that never got their answer (link cut, time-out); their bodies were spent for nothing. */
  failedRequests: number;
  failedBytesSent: number;
  /** The largest request body: the most one cut can throw away. */
  maxRequestBytes: number;
}

export class WireMeter {
  private counts: WireCounts = { bytesSent: 0, bytesReceived: 0, requests: 0, answered: 0, failedRequests: 0, failedBytesSent: 0, maxRequestBytes: 0 };

  started(bodyBytes: number): void {
    this.counts.requests++;
    this.counts.bytesSent += bodyBytes;
    this.counts.maxRequestBytes = Math.max(this.counts.maxRequestBytes, bodyBytes);
  }

  finished(replyBytes: number): void {
    this.counts.answered++;
    this.counts.bytesReceived += replyBytes;
  }

  /** A request without its answer; `unsent` when none of it left (cancelled while waiting for a connection). */
  failed(bodyBytes: number, unsent = false): void {
    if (unsent) {
      this.counts.requests--;
      this.counts.bytesSent -= bodyBytes;
      return;
    }
    this.counts.failedRequests++;
    this.counts.failedBytesSent += bodyBytes;
  }

  /** Adds what a twin client (on the replica thread) moved since it last told, so one meter shows the whole link. */
  add(delta: WireCounts): void {
    for (const k of Object.keys(delta) as (keyof WireCounts)[]) {
      if (k === 'maxRequestBytes') this.counts[k] = Math.max(this.counts[k], delta[k]);
      else this.counts[k] += delta[k];
    }
  }

  /** What changed since `before` (a snapshot); the largest request is the largest seen overall. */
  static since(before: WireCounts, now: WireCounts): WireCounts {
    const out = { ...now };
    for (const k of Object.keys(now) as (keyof WireCounts)[]) if (k !== 'maxRequestBytes') out[k] = now[k] - before[k];
    return out;
  }

  snapshot(): WireCounts {
    return { ...this.counts };
  }
}

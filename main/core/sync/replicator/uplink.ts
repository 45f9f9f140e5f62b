/**
 * Uploads one after another, the way one weak line carries them best: a cut then throws away part of one upload,
 * not parts of several that were sharing the line. So that the line does not idle while each answer travels back,
 * the next upload may start when the current one should be about one round trip from done — estimated from the
 * line's measured upload rate and round-trip time. At most two uploads overlap, and only for that last moment.
 */
export class Uplink {
  /** Upload rate in bytes per millisecond, and the round trip of a small request in ms (moving averages). */
  private rate = 0;
  private rtt = 0;
  private holder = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  /** Learns the line from a finished request: small ones time the round trip, large uploads the rate. */
  observe(bytes: number, ms: number): void {
    if (bytes < 2048) {
      this.rtt = this.rtt ? this.rtt * 0.7 + ms * 0.3 : ms;
    } else if (this.rtt && ms > this.rtt) {
      const r = bytes / (ms - this.rtt);
      this.rate = this.rate ? this.rate * 0.7 + r * 0.3 : r;
    }
  }

  /**
   * Runs one upload in its turn. Its size is `bytes`, or — for a body made on the way (gzipped JSON) — what the
   * upload announces once its body is ready; without a size the next upload waits for this one's answer.
   */
  async send<T>(bytes: number, upload: (announce: (bytes: number) => void) => Promise<T>): Promise<T> {
    await this.acquire();
    this.inFlight++;
    const t0 = performance.now();
    let released = false;
    let timer: NodeJS.Timeout | null = null;
    const release = () => {
      if (released) return;
      released = true;
      this.holder = false;
      this.wake();
    };
    // Three quarters of a round trip before the estimated end: estimates wobble, and starting too early makes two
    // uploads share the line (and a cut hit both).
    const announce = (size: number) => {
      bytes = size;
      if (timer || released || !size || !this.rate || !this.rtt) return;
      const early = size / this.rate - 0.75 * this.rtt - (performance.now() - t0);
      timer = setTimeout(release, Math.max(0, early));
    };
    announce(bytes);
    try {
      const result = await upload(announce);
      if (bytes) this.observe(bytes, performance.now() - t0);
      return result;
    } finally {
      if (timer) clearTimeout(timer);
      this.inFlight--;
      release();
      this.wake();
    }
  }

  private acquire(): Promise<void> {
    if (!this.holder && this.inFlight < 2) {
      this.holder = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wake(): void {
    while (!this.holder && this.inFlight < 2 && this.waiting.length) {
      this.holder = true;
      this.waiting.shift()!();
    }
  }
}

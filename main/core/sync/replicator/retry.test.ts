import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError } from '../http/errors';
import { isTransient } from './failures';
import { retrying } from './retry';

const cut = () => new NetworkError('ECONNRESET', 'socket hang up');

describe('retries of a sync run', () => {
  it('never gives up while batches keep going through between failures', async () => {
    let progress = 0;
    let tries = 0;
    const result = await retrying(async () => {
      tries++;
      if (tries < 40) {
        progress++; // a batch went through, then the line dropped
        throw cut();
      }
      return 'done';
    }, { progress: () => progress, answered: () => progress }, { maxFailuresWithoutProgress: 3, backoff: { baseMs: 1, capMs: 2 } });
    expect(result).toBe('done');
    expect(tries).toBe(40);
  });

  it('gives up after N failures in a row with nothing moving, and at once on a refusal', async () => {
    let tries = 0;
    const marks = { progress: () => 0, answered: () => 0 };
    await expect(retrying(async () => {
      tries++;
      throw cut();
    }, marks, { maxFailuresWithoutProgress: 4, backoff: { baseMs: 1, capMs: 2 } })).rejects.toThrow('socket hang up');
    expect(tries).toBe(4);
    tries = 0;
    await expect(retrying(async () => {
      tries++;
      throw new HttpError(401, 'unauthorized', 'Name or password is incorrect.');
    }, marks, { maxFailuresWithoutProgress: 4 })).rejects.toMatchObject({ status: 401 });
    expect(tries).toBe(1);
  });

  it('keeps trying while failures make the batches smaller, then counts again', async () => {
    let tries = 0;
    let halvings = 3;
    const marks = { progress: () => 0, answered: () => 0, shrank: () => halvings-- > 0 };
    await expect(retrying(async () => {
      tries++;
      throw cut();
    }, marks, { maxFailuresWithoutProgress: 2, backoff: { baseMs: 1, capMs: 2 } })).rejects.toThrow();
    expect(tries).toBe(5); // three free tries while shrinking, then two that count
  });

  it('gives a live line that drops faster than a batch crosses more tries than a dead one, but not endless ones', async () => {
    let answered = 0;
    let tries = 0;
    // Head office answers the revs_diff of every try, then the cut takes the upload: the line is alive.
    await expect(retrying(async () => {
      tries++;
      answered++;
      throw cut();
    }, { progress: () => 0, answered: () => answered }, { maxFailuresWithoutProgress: 3, backoff: { baseMs: 1, capMs: 2 } })).rejects.toThrow();
    expect(tries).toBe(12); // each try counts a quarter: four times the tries of a dead line
  });

  it('starts the back-off over after a request got through', async () => {
    const delays: number[] = [];
    let answered = 0;
    let tries = 0;
    await retrying(async () => {
      tries++;
      if (tries === 4) answered++; // the link came back for one request, then dropped again
      if (tries < 6) throw cut();
    }, { progress: () => 0, answered: () => answered }, {
      maxFailuresWithoutProgress: 10, backoff: { baseMs: 10, capMs: 10_000, random: () => 1 }, onRetry: (_e, ms) => void delays.push(ms),
    });
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
    expect(delays[3]).toBe(delays[0]); // reset
  });
});

describe('what a failed request says', () => {
  const answer = (status: number, body: object) => HttpError.from(status, Buffer.from(JSON.stringify(body)), 'POST /_bulk_docs');

  it('takes a server unable to parse a body this client built (garbled on the way) for the link, retried — never a refusal', () => {
    for (const reason of ['invalid UTF-8 JSON', 'invalid gzip request body', 'multipart body not terminated']) {
      const e = answer(400, { error: 'bad_request', reason });
      expect(e.garbled).toBe(true);
      expect(e.fromCouch).toBe(false);
      expect(isTransient(e)).toBe(true);
    }
  });

  it('keeps a refusal of the documents (validation, permissions) a refusal', () => {
    const invalid = answer(400, { error: 'bad_request', reason: 'Document must have a type' });
    expect([invalid.garbled, invalid.fromCouch, isTransient(invalid)]).toEqual([false, true, false]);
    const forbidden = answer(403, { error: 'forbidden', reason: 'only head office writes staff' });
    expect(isTransient(forbidden)).toBe(false);
  });

  it("takes the local store's busy lock for a moment's trouble, retried — not a refusal by head office", () => {
    const busy = Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
    expect(isTransient(busy)).toBe(true);
    expect(isTransient(Object.assign(new Error('constraint failed'), { code: 'SQLITE_CONSTRAINT' }))).toBe(false);
  });
});

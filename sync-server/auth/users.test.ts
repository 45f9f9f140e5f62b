import { describe, expect, it } from 'vitest';
import type { Json, Store } from '../storage';
import { Users, USER_PREFIX } from './users';

/** A `_users` store that counts reads and can hold one read open until the test lets it answer. */
function usersStore(docs: Map<string, Json>) {
  let reads = 0;
  let hold: Promise<void> | null = null;
  const store = {
    async get(id: string) {
      reads++;
      const doc = docs.get(id);
      await hold;
      if (!doc) throw Object.assign(new Error('missing'), { status: 404 });
      return structuredClone(doc);
    },
  } as unknown as Store;
  return {
    store,
    reads: () => reads,
    holdReads() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

const device = (roles: string[]): Json => ({ _id: `${USER_PREFIX}hm01-pc`, name: 'hm01-pc', type: 'user', roles, salt: 'salt-1' });

describe('Users: user documents remembered between requests', () => {
  it('reads a signed-in user once, and again after any write to _users', async () => {
    const docs = new Map<string, Json>([[`${USER_PREFIX}hm01-pc`, device(['branch', 'branch-hm01'])]]);
    const s = usersStore(docs);
    const users = new Users(() => s.store, null, 10);
    expect((await users.saltOf('hm01-pc'))?.user.roles).toEqual(['branch', 'branch-hm01']);
    await users.saltOf('hm01-pc');
    expect(s.reads()).toBe(1);

    // Head office takes the branch role away: the next request already sees it.
    docs.set(`${USER_PREFIX}hm01-pc`, device(['branch']));
    users.usersWritten();
    expect((await users.saltOf('hm01-pc'))?.user.roles).toEqual(['branch']);
    expect(s.reads()).toBe(2);
    // Deleted: gone at once.
    docs.delete(`${USER_PREFIX}hm01-pc`);
    users.usersWritten();
    expect(await users.saltOf('hm01-pc')).toBeNull();
  });

  it('does not keep a read that a write to _users overlapped', async () => {
    const docs = new Map<string, Json>([[`${USER_PREFIX}hm01-pc`, device(['branch', 'branch-hm01'])]]);
    const s = usersStore(docs);
    const users = new Users(() => s.store, null, 10);
    const release = s.holdReads();
    const before = users.saltOf('hm01-pc'); // read started before the write committed: it sees the old roles
    await Promise.resolve();
    docs.set(`${USER_PREFIX}hm01-pc`, device([]));
    users.usersWritten();
    release();
    expect((await before)?.user.roles).toEqual(['branch', 'branch-hm01']);
    // ...but was not remembered: the next request reads the revoked user.
    expect((await users.saltOf('hm01-pc'))?.user.roles).toEqual([]);
  });

  it('does not remember unknown names (anyone may ask for any name)', async () => {
    const s = usersStore(new Map());
    const users = new Users(() => s.store, null, 10);
    expect(await users.saltOf('nobody')).toBeNull();
    expect(await users.saltOf('nobody')).toBeNull();
    expect(s.reads()).toBe(2);
  });
});

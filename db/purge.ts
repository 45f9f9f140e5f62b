import { collectLeaves, findPathToLeaf, type RevTree } from 'pouchdb-merge';

interface PurgeInternals {
  _getRevisionTree(id: string, cb: (err: unknown, tree?: RevTree) => void): void;
  _purge(id: string, revs: string[], cb: (err: unknown) => void): void;
}

const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

/**
 * Removes a document and every revision of it for good: no tombstone, nothing to replicate (a device dropping data
 * it must not hold). Goes to the adapter's `_purge` directly: PouchDB 9's `db.purge` records the purge in
 * `_local/purges` through an undefined `self` under Node, so from the second purge on its callback never comes.
 */
export async function purgeDocument(pouch: PouchDB.Database<object>, id: string): Promise<void> {
  const db = pouch as unknown as PurgeInternals;
  for (;;) {
    const tree = await call<RevTree>((cb) => db._getRevisionTree(id, cb)).catch((e: { status?: number }) => {
      if (e.status === 404) return undefined;
      throw e;
    });
    const leaf = tree && collectLeaves(tree)[0];
    if (!tree || !leaf) return;
    await call((cb) => db._purge(id, findPathToLeaf(tree, leaf.rev), cb));
  }
}

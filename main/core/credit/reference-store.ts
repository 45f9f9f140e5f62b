import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { StoreKey } from '../../../db/sqlite';
import { openStore, type Store } from '../../../db/store';
import { DEFAULT_LPR_TABLE, lprTableSchema, type LprTable } from '../../../domain/credit/lpr';
import { collectionScriptsSchema, DEFAULT_COLLECTION_SCRIPTS, type CollectionScripts } from '../../../domain/post-loan/collection-scripts';
import { PRODUCT_CODES, type ProductCode } from '../../../domain/credit/products';
import type { RuleDraftFields } from './credit.contract';
import { canonicalJson, DEFAULT_RULE_SETS, ruleSetDigest, ruleSetSchema, type RuleSet } from '../../../domain/credit/rules';

/**
 * The `reference` database: rule sets per product and version, the LPR table and drafts head office is
 * working on. Branches only ever read the published documents (head office publishes; replication brings
 * them down); the one local write a branch device makes is the first-start seed of the defaults, version-
 * stamped 1, so an install that has never been online can still decide. Head-office publishing devices
 * (RemoteConfig.publishesReference) also push their publications up.
 */
export const referenceDbName = 'reference';

export interface RuleSetDoc {
  _id: string;
  _rev?: string;
  type: 'ruleset';
  product: ProductCode;
  version: number;
  digest: string;
  ruleSet: RuleSet;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
}

export interface RuleDraftDoc extends RuleDraftFields {
  _id: string;
  _rev?: string;
  type: 'ruleset-draft';
}

export interface LprDoc {
  _id: string;
  _rev?: string;
  type: 'lpr-table';
  version: number;
  table: LprTable;
  publishedAt: string;
  publishedBy: string;
  /** Absent on the seed: head office's publishing screen (reference/lpr-publish.service.ts) records who and why. */
  publishedByName?: string;
  notes?: string;
}

/** 催收助手's standard scripts (domain/post-loan/collection-scripts.ts), versioned like the LPR table. */
export interface CollectionScriptsDoc {
  _id: string;
  _rev?: string;
  type: 'collection-scripts';
  version: number;
  scripts: CollectionScripts;
  publishedAt: string;
  publishedBy: string;
}

// Zero-padded so that the newest version is the last key of its prefix: one index read, no scan.
export const ruleSetDocId = (product: ProductCode, version: number) => `ruleset:${product}:${String(version).padStart(6, '0')}`;
export const ruleDraftDocId = (product: ProductCode) => `ruleset-draft:${product}`;
export const lprDocId = (version: number) => `lpr:${String(version).padStart(6, '0')}`;
export const collectionScriptsDocId = (version: number) => `collection-scripts:${String(version).padStart(6, '0')}`;

export class ReferenceStore {
  /** Published rule sets never change, so a parsed copy can be kept for the life of the process. */
  private readonly cache = new Map<string, RuleSetDoc>();

  constructor(readonly store: Store) {}

  get pouch(): PouchDB.Database<object> {
    return this.store.pouch;
  }

  private async lastUnder<T>(prefix: string): Promise<T | null> {
    const res = await this.pouch.allDocs({ startkey: `${prefix}\uffff`, endkey: prefix, descending: true, limit: 1, include_docs: true });
    return (res.rows[0]?.doc as T | undefined) ?? null;
  }

  async latestRuleSet(product: ProductCode): Promise<RuleSetDoc> {
    const doc = await this.lastUnder<RuleSetDoc>(`ruleset:${product}:`);
    if (!doc) throw new Error(`no rule set published for ${product}`);
    return this.remember(doc);
  }

  async ruleSet(product: ProductCode, version: number): Promise<RuleSetDoc | null> {
    const id = ruleSetDocId(product, version);
    const hit = this.cache.get(id);
    if (hit) return hit;
    try {
      return this.remember((await this.pouch.get(id)) as unknown as RuleSetDoc);
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  /** Every published version of a product, newest first (a handful per product per year of weekly changes). */
  async versions(product: ProductCode): Promise<(Omit<RuleSetDoc, 'ruleSet'> & { notes: string | null })[]> {
    const res = await this.pouch.allDocs({ startkey: `ruleset:${product}:\uffff`, endkey: `ruleset:${product}:`, descending: true, include_docs: true });
    return res.rows.map((r) => {
      // The rule set itself stays behind; its change note is what the history lists.
      const { ruleSet, ...rest } = r.doc as unknown as RuleSetDoc;
      return { ...rest, notes: ruleSet.notes ?? null };
    });
  }

  private remember(doc: RuleSetDoc): RuleSetDoc {
    // A synced document is validated once here: a malformed publication must not reach the engine.
    const parsed = ruleSetSchema.parse(doc.ruleSet);
    const clean = { ...doc, ruleSet: parsed };
    this.cache.set(doc._id, clean);
    return clean;
  }

  async lpr(): Promise<{ version: number; table: LprTable }> {
    const doc = await this.latestLpr();
    return { version: doc.version, table: doc.table };
  }

  /** The newest published LPR table with who published it, its fixings validated. */
  async latestLpr(): Promise<LprDoc> {
    const doc = await this.lastUnder<LprDoc>('lpr:');
    if (!doc) throw new Error('no LPR table in the reference database');
    return { ...doc, table: lprTableSchema.parse(doc.table) };
  }

  /** The newest published standard scripts, validated (a malformed publication must not reach a customer). */
  async collectionScripts(): Promise<CollectionScripts> {
    const doc = await this.lastUnder<CollectionScriptsDoc>('collection-scripts:');
    if (!doc) throw new Error('no collection scripts in the reference database');
    return collectionScriptsSchema.parse(doc.scripts);
  }

  async draft(product: ProductCode): Promise<RuleDraftDoc | null> {
    try {
      return (await this.pouch.get(ruleDraftDocId(product))) as unknown as RuleDraftDoc;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The seed's revision is derived from its content, so every device and head office hold the very same
 * revision of version 1 and replication finds nothing to transfer and no conflict to make.
 */
export function seedRevision(doc: object): string {
  return `1-${createHash('md5').update(canonicalJson(doc)).digest('hex')}`;
}

// The seed must not depend on the clock either: the table is dated by its last fixing.
const SEED_LPR_PUBLISHED_AT = `${DEFAULT_LPR_TABLE[DEFAULT_LPR_TABLE.length - 1]!.date}T00:00:00.000Z`;

/** Writes the built-in rule sets and LPR table as version 1 when the database has none (first start). */
export async function seedReference(ref: ReferenceStore): Promise<number> {
  const docs: object[] = [];
  for (const product of PRODUCT_CODES) {
    const existing = await ref.pouch.allDocs({ startkey: `ruleset:${product}:`, endkey: `ruleset:${product}:\uffff`, limit: 1 });
    if (existing.rows.length) continue;
    const ruleSet = DEFAULT_RULE_SETS[product];
    docs.push({
      _id: ruleSetDocId(product, ruleSet.version), type: 'ruleset', product, version: ruleSet.version, digest: ruleSetDigest(ruleSet),
      ruleSet, publishedAt: ruleSet.publishedAt, publishedBy: 'SYSTEM', publishedByName: '系统默认',
    } satisfies RuleSetDoc);
  }
  const lpr = await ref.pouch.allDocs({ startkey: 'lpr:', endkey: 'lpr:\uffff', limit: 1 });
  if (!lpr.rows.length) docs.push({ _id: lprDocId(1), type: 'lpr-table', version: 1, table: DEFAULT_LPR_TABLE, publishedAt: SEED_LPR_PUBLISHED_AT, publishedBy: 'SYSTEM' } satisfies LprDoc);
  const scripts = await ref.pouch.allDocs({ startkey: 'collection-scripts:', endkey: 'collection-scripts:\uffff', limit: 1 });
  if (!scripts.rows.length) {
    const s = DEFAULT_COLLECTION_SCRIPTS;
    docs.push({ _id: collectionScriptsDocId(s.version), type: 'collection-scripts', version: s.version, scripts: s, publishedAt: s.publishedAt, publishedBy: 'SYSTEM' } satisfies CollectionScriptsDoc);
  }
  // new_edits: false stores the given revision as is instead of minting a random one.
  if (docs.length) await ref.pouch.bulkDocs(docs.map((d) => ({ ...d, _rev: seedRevision(d) })), { new_edits: false });
  return docs.length;
}

export async function openReferenceStore(dataDir: string, keys: { key: StoreKey; previousKeys?: Uint8Array[] }): Promise<ReferenceStore> {
  const ref = new ReferenceStore(await openStore({ path: join(dataDir, `${referenceDbName}.sqlite`), ...keys }));
  await seedReference(ref);
  return ref;
}

import { ruleSetDigest, ruleSetSchema, videoScriptOf } from '../../domain/credit/rules';
import type { RuleSetRef } from './signing';

// Head office's own copy of a product's published rule set, read from its sync server's `reference` database (where
// the rules screen publishes them): a signing room is opened only with the risk notice that version publishes.

export interface ReferenceTarget {
  /** Head office's sync server (CouchDB API), e.g. https://sync.bank.example */
  url: string;
  user: { name: string; password: string };
}

export function publishedRiskNotice(target: ReferenceTarget, fetcher: typeof fetch = fetch): (ref: RuleSetRef) => Promise<readonly string[] | null> {
  // Published versions never change: one read per version for the life of the process.
  const known = new Map<string, Promise<readonly string[] | null>>();
  const auth = `Basic ${Buffer.from(`${target.user.name}:${target.user.password}`).toString('base64')}`;
  const read = async (ref: RuleSetRef) => {
    const id = `ruleset:${ref.product}:${String(ref.version).padStart(6, '0')}`;
    const response = await fetcher(`${target.url.replace(/\/$/, '')}/reference/${encodeURIComponent(id)}`, { headers: { authorization: auth } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`reference ${id}: HTTP ${response.status}`);
    const parsed = ruleSetSchema.safeParse(((await response.json()) as { ruleSet?: unknown }).ruleSet);
    if (!parsed.success || parsed.data.product !== ref.product || ruleSetDigest(parsed.data) !== ref.digest) return null;
    return videoScriptOf(parsed.data).riskNotice;
  };
  return (ref) => {
    const key = `${ref.product}:${ref.version}:${ref.digest}`;
    let hit = known.get(key);
    if (!hit) {
      hit = read(ref);
      // A failed read (head office's server down) is not remembered: the next room asks again.
      hit.catch(() => known.delete(key));
      known.set(key, hit);
    }
    return hit;
  };
}

import { badRequest } from '../errors';
import { collate } from './collate';
import type { EvalBudget } from './budget';

/**
 * Mango selectors for `_changes?filter=_selector`, normalised and matched the way CouchDB 3.4's
 * `mango_selector.erl` does (norm_ops → norm_fields → norm_negations, then match), so a selector selects the
 * same documents here as on Apache CouchDB.
 *
 * What a client may send is bounded, because the server evaluates it against every document of a feed:
 * - no `$regex` (one `{"$regex": "^(a+)+$"}` against a 29-character field held the server for 95 s — JavaScript
 *   regular expressions backtrack), no `$where`/`$text`/geo operators: 400 "Unsupported operator", as CouchDB
 *   answers for operators it does not run;
 * - at most {@link MAX_SELECTOR_NODES} JSON values and {@link MAX_SELECTOR_DEPTH} levels, so matching one
 *   document is linear in (selector size × document size);
 * - evaluation runs under an {@link EvalBudget}: steps per document and time per request.
 */
export const MAX_SELECTOR_NODES = 1000;
export const MAX_SELECTOR_DEPTH = 32;

type Obj = Record<string, unknown>;
/** A normalised selector node: always exactly one key, as in CouchDB (`{[{Key, Value}]}`). */
type Node = Obj;

const UNSUPPORTED = new Set(['$regex', '$where', '$text', '$default', '$geoWithin', '$geoIntersects', '$near', '$nearSphere']);
const COMBINATORS = new Set(['$and', '$or', '$nor']);
const SUB_SELECTORS = new Set(['$elemMatch', '$allMatch', '$keyMapMatch']);
const COMPARISONS = new Set(['$lt', '$lte', '$eq', '$ne', '$gte', '$gt']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const node = (key: string, value: unknown): Node => ({ [key]: value });
const only = (n: Node): [string, unknown] => {
  const key = Object.keys(n)[0] ?? '';
  return [key, n[key]];
};

const badArg = (op: string, arg: unknown) => badRequest(`Bad argument for operator ${op}: ${JSON.stringify(arg) ?? String(arg)}`);

/** Size and depth of the raw selector, checked before any normalising recursion. */
function assertSmall(selector: unknown): void {
  let nodes = 0;
  const stack: [unknown, number][] = [[selector, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (++nodes > MAX_SELECTOR_NODES) throw badRequest(`Selector error: more than ${MAX_SELECTOR_NODES} values`);
    if (depth > MAX_SELECTOR_DEPTH) throw badRequest(`Selector error: nested deeper than ${MAX_SELECTOR_DEPTH} levels`);
    if (Array.isArray(value)) for (const v of value) stack.push([v, depth + 1]);
    else if (isObj(value)) for (const v of Object.values(value)) stack.push([v, depth + 1]);
  }
}

/** CouchDB's norm_ops: validate every operator's argument and turn implicit forms into explicit ones. */
function normOps(sel: unknown): Node {
  if (!isObj(sel)) return node('$eq', sel);
  const keys = Object.keys(sel);
  if (keys.length >= 2) return node('$and', keys.map((k) => normOps(node(k, sel[k]))));
  if (keys.length === 0) return node('$eq', sel);
  const [op, arg] = only(sel);
  if (COMBINATORS.has(op)) {
    if (!Array.isArray(arg)) throw badArg(op, arg);
    return node(op, arg.map(normOps));
  }
  if (op === '$not' || SUB_SELECTORS.has(op)) {
    if (!isObj(arg)) throw badArg(op, arg);
    return node(op, normOps(arg));
  }
  if (COMPARISONS.has(op)) return sel;
  switch (op) {
    case '$in':
    case '$nin':
    case '$all':
      if (!Array.isArray(arg)) throw badArg(op, arg);
      return sel;
    case '$exists':
      if (typeof arg !== 'boolean') throw badArg(op, arg);
      return sel;
    case '$type':
    case '$beginsWith':
      if (typeof arg !== 'string') throw badArg(op, arg);
      return sel;
    case '$size':
      if (!Number.isSafeInteger(arg) || (arg as number) < 0) throw badArg(op, arg);
      return sel;
    case '$mod': {
      // A zero divisor would crash CouchDB's matcher; refuse it up front.
      const ok = Array.isArray(arg) && arg.length === 2 && arg.every((n) => Number.isSafeInteger(n)) && arg[0] !== 0;
      if (!ok) throw badArg(op, arg);
      return sel;
    }
  }
  if (UNSUPPORTED.has(op)) throw badRequest(`Unsupported operator: ${op}`);
  if (op.startsWith('$')) throw badRequest(`Invalid operator: ${op}`);
  return node(op, normOps(arg));
}

/** CouchDB's norm_fields: push field names down to the terminal operators as dotted paths. */
function normFields(sel: Node, path: string): Node {
  const [op, arg] = only(sel);
  if (COMBINATORS.has(op)) return node(op, (arg as Node[]).map((a) => normFields(a, path)));
  if (op === '$not') return node(op, normFields(arg as Node, path));
  if (SUB_SELECTORS.has(op)) return node(path, node(op, normFields(arg as Node, '')));
  if (op.startsWith('$')) return node(path, sel);
  return normFields(arg as Node, path === '' ? op : `${path}.${op}`);
}

/** CouchDB's norm_negations: push `$not`/`$nor` down to the terminals (De Morgan), so `$not` of `$eq` is `$ne`. */
function normNegations(sel: Node): Node {
  const [op, arg] = only(sel);
  if (op === '$not') return negate(arg as Node);
  if (op === '$nor') return node('$and', (arg as Node[]).map(negate));
  if (op === '$and' || op === '$or') return node(op, (arg as Node[]).map(normNegations));
  if (SUB_SELECTORS.has(op)) return node(op, normNegations(arg as Node));
  return sel;
}

const NEGATED: Record<string, string> = { $lt: '$gte', $lte: '$gt', $eq: '$ne', $ne: '$eq', $gte: '$lt', $gt: '$lte', $in: '$nin', $nin: '$in' };

function negate(sel: Node): Node {
  const [op, arg] = only(sel);
  if (op === '$not') return normNegations(arg as Node);
  if (op === '$nor') return node('$or', (arg as Node[]).map(normNegations));
  if (op === '$and') return node('$or', (arg as Node[]).map(negate));
  if (op === '$or') return node('$and', (arg as Node[]).map(negate));
  const flipped = NEGATED[op];
  if (flipped) return node(flipped, arg);
  if (op === '$exists') return node(op, !arg);
  if (op.startsWith('$')) return node('$not', sel);
  return node(op, negate(arg as Node));
}

/** `a.b\.c` → ["a", "b.c"], as mango_util:parse_field; an empty segment is an invalid field name. */
export function parseField(field: string): string[] {
  const parts = field.split(/(?<!\\)\./).map((p) => p.replace(/\\/g, ''));
  if (parts.some((p) => p === '')) throw badRequest(`Invalid field name: ${field}`);
  return parts;
}

const NOT_FOUND = Symbol('not_found');
const BAD_PATH = Symbol('bad_path');

function getField(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const name of path) {
    if (isObj(at)) {
      if (!Object.hasOwn(at, name)) return NOT_FOUND;
      at = at[name];
    } else if (Array.isArray(at)) {
      // A segment may index an array, as in mango_doc:get_field.
      if (!/^[+-]?\d{1,9}$/.test(name)) return BAD_PATH;
      const pos = Number(name);
      if (pos < 0 || pos >= at.length) return BAD_PATH;
      at = at[pos];
    } else {
      return BAD_PATH;
    }
  }
  return at;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

const isExistsFalse = (cond: unknown) => isObj(cond) && Object.keys(cond).length === 1 && cond.$exists === false;

/** A compiled selector: true when the document is selected. Throws (via the budget) when over its limits. */
export type Matcher = (doc: unknown) => boolean;

/**
 * Validates and normalises a client's selector. Throws 400 bad_request with CouchDB's reasons
 * ("Invalid operator: $x", "Bad argument for operator $in: …", "Unsupported operator: $regex").
 */
export function compileSelector(selector: unknown, budget: EvalBudget): Matcher {
  if (!isObj(selector)) throw badRequest('Selector error: expected a JSON object');
  assertSmall(selector);
  if (Object.keys(selector).length === 0) return () => true;
  const normal = normNegations(normFields(normOps(selector), ''));
  if (only(normal)[0] === '') throw badRequest('One or more conditions is missing a field name.');
  const paths = new Map<string, string[]>();
  const pathOf = (field: string) => {
    let p = paths.get(field);
    if (!p) paths.set(field, (p = parseField(field)));
    return p;
  };
  // Parse every field once now, so a bad name is a 400 before the feed starts.
  const visit = (n: Node): void => {
    const [op, arg] = only(n);
    if (op === '$and' || op === '$or') (arg as Node[]).forEach(visit);
    else if (op === '$not' || SUB_SELECTORS.has(op)) visit(arg as Node);
    else if (!op.startsWith('$')) {
      if (op !== '') pathOf(op);
      visit(arg as Node);
    }
  };
  visit(normal);

  const cmp = (a: unknown, b: unknown) => {
    budget.step();
    return collate(a, b);
  };

  function match(sel: Node, value: unknown): boolean {
    budget.step();
    const [op, arg] = only(sel);
    switch (op) {
      case '$and':
        return (arg as Node[]).every((s) => match(s, value));
      case '$or':
        return (arg as Node[]).length === 0 || (arg as Node[]).some((s) => match(s, value));
      case '$not':
        return !match(arg as Node, value);
      case '$all': {
        const args = arg as unknown[];
        if (args.length === 0 || !Array.isArray(value)) return false;
        if (args.every((a) => value.some((v) => cmp(a, v) === 0))) return true;
        return args.length === 1 && Array.isArray(args[0]) && cmp(args[0], value) === 0;
      }
      case '':
        return match(arg as Node, value);
      case '$elemMatch':
        return Array.isArray(value) && value.some((v) => match(arg as Node, v));
      case '$allMatch':
        return Array.isArray(value) && value.length > 0 && value.every((v) => match(arg as Node, v));
      case '$keyMapMatch':
        return isObj(value) && Object.keys(value).some((k) => match(arg as Node, k));
      case '$lt':
        return cmp(value, arg) < 0;
      case '$lte':
        return cmp(value, arg) <= 0;
      case '$eq':
        return cmp(value, arg) === 0;
      case '$ne':
        return cmp(value, arg) !== 0;
      case '$gte':
        return cmp(value, arg) >= 0;
      case '$gt':
        return cmp(value, arg) > 0;
      case '$in': {
        const args = arg as unknown[];
        if (Array.isArray(value)) return args.some((a) => value.some((v) => cmp(v, a) === 0));
        return args.some((a) => cmp(value, a) === 0);
      }
      case '$nin': {
        const args = arg as unknown[];
        if (Array.isArray(value)) return args.length === 0 || !args.some((a) => value.some((v) => cmp(v, a) === 0));
        return args.every((a) => cmp(value, a) !== 0);
      }
      case '$exists':
        return arg === true;
      case '$type':
        return typeName(value) === arg;
      case '$mod': {
        const [d, r] = arg as [number, number];
        return Number.isSafeInteger(value) && (value as number) % d === r;
      }
      case '$beginsWith':
        return typeof value === 'string' && value.startsWith(arg as string);
      case '$size':
        return Array.isArray(value) && value.length === arg;
    }
    const got = getField(value, pathOf(op));
    if (got === NOT_FOUND) return isExistsFalse(arg);
    if (got === BAD_PATH) return false;
    return match(arg as Node, got);
  }

  return (doc) => budget.run(() => match(normal, doc));
}

/**
 * A row's verdict from its stored JSON text, for the selector every pull pass of a branch sends:
 * `{ "_attachments": { "$exists": true | false } }` (main/core/sync/replicator/connection.ts PASS_SELECTORS). A stored
 * body holds the text `"_attachments"` whenever the document has attachments (bodies are stored as JSON.stringify
 * writes them, and that key needs no escaping), so a body without it is decided unread; any other body, and any
 * other selector, is left to the compiled matcher (undefined).
 */
export function selectorTextFilter(selector: unknown): ((json: string) => boolean | undefined) | undefined {
  if (!isObj(selector)) return undefined;
  const keys = Object.keys(selector);
  if (keys.length !== 1 || keys[0] !== '_attachments') return undefined;
  const cond = selector._attachments;
  if (!isObj(cond) || Object.keys(cond).length !== 1 || typeof cond.$exists !== 'boolean') return undefined;
  const withoutAttachments = !cond.$exists;
  return (json) => (json.includes('"_attachments"') ? undefined : withoutAttachments);
}

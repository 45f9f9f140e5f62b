import { badRequest } from '../errors';

/**
 * Deepest nesting a request's JSON may have. V8 parses any depth, but PouchDB and the validators walk documents
 * recursively: past a few thousand levels they overflow the stack (a 500 here, and a document no branch could
 * replicate). Real documents are a handful of levels deep.
 */
export const MAX_JSON_DEPTH = 512;

/** True when the JSON text nests arrays/objects deeper than `max`; one pass over the characters, strings skipped. */
export function nestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export function assertShallowJson(text: string): void {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/** JSON.parse for request input: too deep is a 400, and so is malformed JSON. */
export function parseRequestJson(text: string): unknown {
  assertShallowJson(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('invalid UTF-8 JSON');
  }
}

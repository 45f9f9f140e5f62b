/**
 * SHA-256 of canonical JSON (keys sorted, undefined dropped): the fingerprint a decision stores next to its
 * inputs, so a replay can prove it used the same inputs and a rule set can be told apart from an edited copy
 * that kept its version number.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

const encoder = new TextEncoder();

export function digestOf(value: unknown): string {
  return `sha256:${bytesToHex(sha256(encoder.encode(canonicalJson(value))))}`;
}

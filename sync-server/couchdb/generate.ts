// Writes the CouchDB design documents as JSON files beside this script: `npx tsx sync-server/couchdb/generate.ts`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { branchDesignDoc, branchSecurity, referenceDesignDoc, referenceSecurity, updatesDesignDoc, updatesSecurity } from './design-docs';

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED = {
  'branch-validate.json': branchDesignDoc,
  'reference-readonly.json': referenceDesignDoc,
  'reference-security.json': referenceSecurity,
  'updates-readonly.json': updatesDesignDoc,
  'updates-security.json': updatesSecurity,
  'branch-security.example.json': () => branchSecurity('HM01'),
} as const;

export function renderAll(): Record<string, string> {
  return Object.fromEntries(Object.entries(GENERATED).map(([file, make]) => [file, JSON.stringify(make(), null, 2) + '\n']));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, text] of Object.entries(renderAll())) writeFileSync(join(here, file), text);
  console.log(`wrote ${Object.keys(GENERATED).join(', ')} to ${here}`);
}

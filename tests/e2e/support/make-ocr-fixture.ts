// Run with tsx in a child process (see ocr-fixture.ts): the generator imports the region table as a JSON module,
// which Playwright's own TypeScript loader cannot load.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateIdCard } from '../../fixtures/ocr/generate';

const [out, seedText, level = 'mild'] = process.argv.slice(2);
if (!out || (level !== 'mild' && level !== 'photo')) throw new Error('usage: tsx make-ocr-fixture.ts OUT_DIR [SEED] [mild|photo]');
const card = await generateIdCard(Number(seedText ?? 4242), level, new Date());
const ext = level === 'photo' ? 'jpg' : 'png';
await mkdir(out, { recursive: true });
await writeFile(join(out, `id-front.${ext}`), new Uint8Array(card.front));
await writeFile(join(out, `id-back.${ext}`), new Uint8Array(card.back));
await writeFile(join(out, 'truth.json'), JSON.stringify(card.truth));

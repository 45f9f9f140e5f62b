// Run with tsx in a child process (see ocr-fixture.ts): the generator imports the region table as a JSON module,
// which Playwright's own TypeScript loader cannot load.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateIdCard } from '../../fixtures/ocr/generate';
import { mulberry32, type IdCardTruth } from '../../fixtures/ocr/identities';
import { degrade, idBackSvg, idFrontSvg } from '../../fixtures/ocr/render';

const [out, seedText, level = 'mild', truthJson] = process.argv.slice(2);
if (!out || (level !== 'mild' && level !== 'photo')) throw new Error('usage: tsx make-ocr-fixture.ts OUT_DIR [SEED] [mild|photo]');
// A given person's card (e.g. a demo customer's, for a story through the branch's own files), else the seed's person.
const card = truthJson
  ? await (async (truth: IdCardTruth) => {
    const noise = mulberry32(Number(seedText ?? 4242));
    return { truth, front: await degrade(idFrontSvg(truth), level, noise), back: await degrade(idBackSvg(truth), level, noise) };
  })(JSON.parse(truthJson) as IdCardTruth)
  : await generateIdCard(Number(seedText ?? 4242), level, new Date());
const ext = level === 'photo' ? 'jpg' : 'png';
await mkdir(out, { recursive: true });
await writeFile(join(out, `id-front.${ext}`), new Uint8Array(card.front));
await writeFile(join(out, `id-back.${ext}`), new Uint8Array(card.back));
await writeFile(join(out, 'truth.json'), JSON.stringify(card.truth));

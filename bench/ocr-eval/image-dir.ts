// Pictures from elsewhere (a directory of real or third-party photos) as documents for bench/ocr.bench.ts, with
// their truth written by a person in a JSON file:
//   { "documents": [ { "kind": "licence", "images": ["licence.jpg"], "truth": { "uscc": "…", "companyName": "…" } },
//                    { "kind": "id-card", "images": ["front.jpg", "back.jpg"], "truth": { "name": "…" } } ] }
// Only the fields a truth names are scored (a field the picture does not show is left out). Image paths are
// relative to the directory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const TruthFile = z.object({
  documents: z.array(z.object({
    kind: z.enum(['id-card', 'licence']),
    images: z.array(z.string().min(1)).min(1).max(2),
    truth: z.record(z.string(), z.string()),
  })).min(1),
});

export interface ImageDoc { label: string; kind: 'id-card' | 'licence'; truth: Record<string, string>; images: Buffer[] }

export async function loadImageDocs(dir: string, truthFile: string): Promise<ImageDoc[]> {
  const { documents } = TruthFile.parse(JSON.parse(await readFile(truthFile, 'utf8')));
  return await Promise.all(documents.map(async (d) => ({
    label: `image ${d.images.join(' + ')}`,
    kind: d.kind,
    truth: d.truth,
    images: await Promise.all(d.images.map(async (f) => await readFile(join(dir, f)))),
  })));
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadImageDocs } from './image-dir';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('pictures from a directory with a truth file', () => {
  it('loads each document with its images and the fields its truth names', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ocr-images-'));
    await writeFile(join(dir, 'f.jpg'), 'front');
    await writeFile(join(dir, 'b.jpg'), 'back');
    await writeFile(join(dir, 'truth.json'), JSON.stringify({ documents: [{ kind: 'id-card', images: ['f.jpg', 'b.jpg'], truth: { name: '张三' } }] }));
    const [doc, ...rest] = await loadImageDocs(dir, join(dir, 'truth.json'));
    expect(rest).toEqual([]);
    expect(doc).toMatchObject({ kind: 'id-card', truth: { name: '张三' }, label: 'image f.jpg + b.jpg' });
    expect(doc!.images.map((b) => b.toString())).toEqual(['front', 'back']);
  });

  it('refuses a truth file of another shape, and a missing picture', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ocr-images-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ documents: [{ kind: 'passport', images: ['x.jpg'], truth: {} }] }));
    await expect(loadImageDocs(dir, join(dir, 'bad.json'))).rejects.toThrow(/passport|invalid/i);
    await writeFile(join(dir, 'missing.json'), JSON.stringify({ documents: [{ kind: 'licence', images: ['none.jpg'], truth: { uscc: 'x' } }] }));
    await expect(loadImageDocs(dir, join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ocrCommand } from './ocr';

let dir: string;
let out: string[];
let err: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jingwei-ocr-cli-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('jingwei ocr', () => {
  it('refuses bad arguments with exit code 2 and a Chinese message', async () => {
    expect(await ocrCommand.run(['id-card'])).toBe(2);
    expect(err.join('\n')).toContain('请给出身份证人像面图片');
    expect(await ocrCommand.run(['passport', 'x.png'])).toBe(2);
    expect(await ocrCommand.run(['licence', 'a.png', 'b.png'])).toBe(2);
    expect(err.join('\n')).toContain('请给出一张营业执照图片');
  });

  it('fails with exit code 1 and a coded JSON error for a PDF or a missing file', async () => {
    const pdf = join(dir, 'scan.png');
    await writeFile(pdf, '%PDF-1.7\n1 0 obj\n');
    expect(await ocrCommand.run(['licence', pdf, '--json'])).toBe(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ error: { code: 'pdf', messageZh: expect.stringContaining('PDF') } });
    expect(await ocrCommand.run(['id-card', join(dir, 'missing.png')])).toBe(1);
    expect(err.join('\n')).toContain('找不到图片文件');
  });
});

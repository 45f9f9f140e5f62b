import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDetector, optimisedModelPath } from './models';

const dir = mkdtempSync(join(tmpdir(), 'jingwei-models-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLS = { name: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640' };

/** The orientation classifier's answer on a fixed grey line: the same whichever way the network was loaded. */
async function classify(cacheDir?: string): Promise<number[]> {
  const { det, cls } = await loadDetector(cacheDir);
  const input = new Tensor('float32', new Float32Array(3 * 48 * 192).map((_, i) => ((i * 7919) % 255) / 255 - 0.5), [1, 3, 48, 192]);
  const out = await cls.run({ [cls.inputNames[0]!]: input });
  await Promise.all([det.release(), cls.release()]);
  return [...(out[cls.outputNames[0]!]!.data as Float32Array)].map((x) => Math.round(x * 1e4) / 1e4);
}

describe('optimised networks kept in the cache folder', () => {
  it('are written at the first load (0600) and read at the next, answering as the pinned weights do', async () => {
    const plain = await classify();
    const cached = optimisedModelPath(dir, CLS);
    expect(await classify(dir)).toEqual(plain);
    if (process.platform !== 'win32') expect(statSync(cached).mode & 0o777).toBe(0o600);
    const written = statSync(cached).mtimeMs;
    expect(await classify(dir)).toEqual(plain);
    expect(statSync(cached).mtimeMs).toBe(written);
  }, 60_000);

  it('drop a damaged file and make it again', async () => {
    const cached = optimisedModelPath(dir, CLS);
    writeFileSync(cached, 'not a network');
    expect(await classify(dir)).toEqual(await classify());
    expect(readFileSync(cached).length).toBeGreaterThan(100_000);
  }, 60_000);

  it('are named after the weights, the runtime and the machine', () => {
    expect(optimisedModelPath(dir, CLS)).not.toBe(optimisedModelPath(dir, { ...CLS, sha256: '0'.repeat(64) }));
    expect(optimisedModelPath(dir, CLS)).toMatch(/ch_ppocr_mobile_v2\.0_cls_infer\.[0-9a-f]{16}\.onnx$/);
  });
});

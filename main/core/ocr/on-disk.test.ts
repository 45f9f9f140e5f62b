import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onDisk } from './on-disk';

describe('onDisk', () => {
  it('gives the unpacked twin of a file inside app.asar, and leaves other paths alone', () => {
    const resources = mkdtempSync(join(tmpdir(), 'jw-asar-'));
    const inside = join(resources, 'app.asar', 'node_modules', '@tesseract.js-data', 'eng', '4.0.0_best_int', 'eng.traineddata.gz');
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules', '@tesseract.js-data', 'eng', '4.0.0_best_int', 'eng.traineddata.gz');
    // Not unpacked: the archive path is all there is (ordinary reads go through Electron's asar support).
    expect(onDisk(inside)).toBe(inside);
    mkdirSync(join(unpacked, '..'), { recursive: true });
    writeFileSync(unpacked, 'model');
    expect(onDisk(inside)).toBe(unpacked);
    expect(onDisk('/opt/jingwei/node_modules/x/y.gz')).toBe('/opt/jingwei/node_modules/x/y.gz');
  });
});

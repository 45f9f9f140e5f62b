import { mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTo } from './tesseract-setup';

describe('language file links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jw-lang-links-'));
  const file = join(dir, 'chi_sim.traineddata.gz');
  writeFileSync(file, 'model');

  it('replaces a link left pointing at an install that has gone', () => {
    const link = join(dir, 'gone.gz');
    symlinkSync(join(dir, 'removed-checkout', 'chi_sim.traineddata.gz'), link);
    linkTo(file, link);
    expect(readFileSync(link, 'utf8')).toBe('model');
  });

  it('makes a missing link and leaves a good one as it is', () => {
    const link = join(dir, 'new.gz');
    linkTo(file, link);
    linkTo(file, link);
    expect(readlinkSync(link)).toBe(file);
  });
});

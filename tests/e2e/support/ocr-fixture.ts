import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './host';

export interface IdCardFiles {
  dir: string;
  front: string;
  back: string;
  truth: { name: string; sex: string; birthDate: string; address: string; idNumber: string; issuingAuthority: string; validFrom: string; validUntil: string };
}

/** A synthetic ID card (tests/fixtures/ocr), scanned or photographed, written to a temp folder by a tsx child process. */
export function makeIdCardFiles(seed: number, level: 'mild' | 'photo' = 'mild', person?: IdCardFiles['truth'] & { ethnicity: string; addressLines: string[] }): IdCardFiles {
  const dir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-ocr-'));
  const res = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/e2e/support/make-ocr-fixture.ts', dir, String(seed), level, ...(person ? [JSON.stringify(person)] : [])], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`fixture generation failed (exit ${res.status}):\n${res.stderr}`);
  const ext = level === 'photo' ? 'jpg' : 'png';
  return { dir, front: join(dir, `id-front.${ext}`), back: join(dir, `id-back.${ext}`), truth: JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as IdCardFiles['truth'] };
}

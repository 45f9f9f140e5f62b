import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages';
import { SHORTCUTS } from './shortcuts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\./.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('the shortcut table', () => {
  it('is the only way screens bind keys, so F1 lists every one', () => {
    const root = join(__dirname, '..');
    const binding = sources(root).filter((f) => !/desk[\\/](shortcuts|hotkeys)\.ts$/.test(f) && /\buseHotkeys\(/.test(readFileSync(f, 'utf8')));
    expect(binding).toEqual([]);
  });

  it('names every shortcut in both languages', () => {
    for (const s of Object.values(SHORTCUTS)) {
      expect(messages['zh-CN'][s.labelKey], s.labelKey).toBeTruthy();
      expect(messages.en[s.labelKey], s.labelKey).toBeTruthy();
    }
  });
});

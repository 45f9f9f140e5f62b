import { pinyin } from 'pinyin-pro';

/**
 * Search keys for a Chinese name: full pinyin ("zhangsan") and initials ("zs"), with surname readings
 * (单 shan, 曾 zeng) and ü written as v, the way tellers type it on a plain keyboard.
 */
export function nameSearchKeys(name: string): { full: string; initials: string } {
  const opts = { toneType: 'none', type: 'array', surname: 'head', v: true } as const;
  const clean = (parts: string[]) => parts.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    full: clean(pinyin(name, opts)),
    initials: clean(pinyin(name, { ...opts, pattern: 'first' })),
  };
}

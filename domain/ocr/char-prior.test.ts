import { describe, expect, it } from 'vitest';
import { givenNamePrior, inGb2312, placeNamePrior, weighedReading } from './char-prior';
import type { Glyph } from './glyphs';

const glyph = (ch: string, conf: number, alts: Array<{ ch: string; conf: number }> = []): Glyph => ({ ch, conf, alts, x0: 0, x1: 30, y0: 0, y1: 32 });

describe('character priors', () => {
  it("holds GB 2312's simplified hanzi and not traditional forms or rarer characters", () => {
    expect([...'妈嫣蓓土士峪曦'].every(inGb2312)).toBe(true);
    expect([...'媽垚玥堃'].some(inGb2312)).toBe(false);
    expect(givenNamePrior('嫣')).toBeGreaterThan(givenNamePrior('媽'));
  });

  it('counts place-name characters from the region table, not its administrative endings or 族', () => {
    expect(placeNamePrior('土')).toBeGreaterThan(4 * placeNamePrior('士'));
    expect(placeNamePrior('河')).toBeGreaterThan(9 * placeNamePrior('何'));
    expect(placeNamePrior('族')).toBeLessThan(placeNamePrior('土'));
  });

  it('chooses the likeliest reading under the prior and says when another came close', () => {
    expect(weighedReading(glyph('士', 60, [{ ch: '土', conf: 20 }]), placeNamePrior)).toMatchObject({ glyph: { ch: '土' }, doubtful: true });
    expect(weighedReading(glyph('士', 97, [{ ch: '土', conf: 2 }]), placeNamePrior)).toMatchObject({ glyph: { ch: '士' }, doubtful: true });
    expect(weighedReading(glyph('士', 99, [{ ch: '土', conf: 0.5 }]), placeNamePrior).doubtful).toBe(false);
    expect(weighedReading(glyph('河', 99, [{ ch: '何', conf: 0.8 }]), placeNamePrior)).toMatchObject({ glyph: { ch: '河' }, doubtful: false });
    // Characters `eligible` rules out, and runners-up that are no ideographs, are never chosen.
    expect(weighedReading(glyph('士', 60, [{ ch: '土', conf: 20 }]), placeNamePrior, (ch) => ch !== '土').doubtful).toBe(false);
    expect(weighedReading(glyph('士', 90, [{ ch: '+', conf: 9 }]), placeNamePrior).doubtful).toBe(false);
  });
});

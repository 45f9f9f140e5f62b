import { describe, expect, it } from 'vitest';
import { turnedOver } from './paddle-engine';

describe('the PP-OCR engine', () => {
  it('turns a picture through 180°: the last pixel first, each pixel\'s colour kept, twice gives it back', () => {
    // 3 × 2 pixels, each a different colour.
    const img = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i * 10) };
    const turned = turnedOver(img);
    expect([turned.width, turned.height]).toEqual([3, 2]);
    expect([...turned.data.slice(0, 3)]).toEqual([150, 160, 170]);
    expect([...turned.data.slice(15)]).toEqual([0, 10, 20]);
    expect(turnedOver(turned)).toEqual(img);
  });
});

// What the device adds after the optics, on the rendered picture's pixels: a scanner's or camera's noise, a phone's
// white balance cast and sharpening (the halo along edges), then the JPEG. Seeded, so the same seed gives the same
// bytes.
import sharp from 'sharp';
import type { Rng } from '../../domain/random';

export interface Sensor {
  /** Standard deviation of the per-pixel luminance noise, in 8-bit levels. */
  noise: number;
  /** Colour noise (each channel on its own), in 8-bit levels; a phone's small sensor has plenty. */
  chroma: number;
  /** Noise grain in pixels: 1 for a scanner's CCD, 2 for a demosaiced phone sensor (blotchier). */
  grain: 1 | 2;
  /** Multipliers of R, G, B: the white balance left wrong under the branch's lamps. */
  cast: readonly [number, number, number];
  /** Unsharp mask of the phone's pipeline (sigma, strength); none for a scanner or plain camera. */
  sharpen?: { sigma: number; m2: number };
  quality: number;
}

/** A standard normal deviate (Box–Muller) from the seeded generator. */
function gauss(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export async function develop(png: Buffer, s: Sensor, rng: Rng): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const gw = Math.ceil(width / s.grain);
  const gh = Math.ceil(height / s.grain);
  // One noise sample per grain cell: luminance shared by the three channels, colour on each.
  const lum = new Float32Array(gw * gh);
  const col = new Float32Array(gw * gh * 3);
  for (let i = 0; i < lum.length; i++) {
    lum[i] = gauss(rng) * s.noise;
    if (s.chroma > 0) for (let c = 0; c < 3; c++) col[i * 3 + c] = gauss(rng) * s.chroma;
  }
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const g = Math.floor(y / s.grain) * gw + Math.floor(x / s.grain);
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        // The cast scales the channel (white balance), then the sensor noise is added.
        const v = data[p + c]! * s.cast[c]! + lum[g]! + col[g * 3 + c]!;
        out[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  let img = sharp(out, { raw: { width, height, channels: 3 } });
  if (s.sharpen) img = img.sharpen({ sigma: s.sharpen.sigma, m1: 0.5, m2: s.sharpen.m2 });
  return await img.jpeg({ quality: s.quality, chromaSubsampling: '4:2:0', mozjpeg: false }).toBuffer();
}

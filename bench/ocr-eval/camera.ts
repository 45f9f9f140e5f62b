// How the evaluation documents are captured: a flatbed scan, or a photo taken by a pinhole camera looking at the
// document lying on a surface (3-D tilt, roll and distance, so perspective is real rather than jittered corners),
// with the surface around it, a table edge, uneven light and glare, a shadow, defocus, sensor noise and JPEG.
// Written apart from tests/fixtures/ocr/photo.ts on purpose.
import sharp from 'sharp';
import type { Rng } from '../../domain/random';
import { choose } from './people';

export type Capture = 'scan' | 'photo' | 'hard-photo';

function normal(rng: Rng): number {
  let s = 0;
  for (let i = 0; i < 6; i++) s += rng();
  return (s - 3) / Math.SQRT1_2;
}

/** Solves A·x = b (n × n) by Gauss–Jordan elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const p = M[c]![c]!;
    for (let k = c; k <= n; k++) M[c]![k]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      if (f !== 0) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row) => row[n]!);
}

/** Projective map taking src[i] to dst[i] (four points each), as a function. */
export function projective(src: Array<[number, number]>, dst: Array<[number, number]>): (x: number, y: number) => [number, number] {
  const A: number[][] = [];
  const b: number[] = [];
  src.forEach(([x, y], i) => {
    const [u, v] = dst[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  });
  const [a, bb, c, d, e, f, g, h] = solve(A, b) as [number, number, number, number, number, number, number, number];
  return (x, y) => {
    const w = g * x + h * y + 1;
    return [(a * x + bb * y + c) / w, (d * x + e * y + f) / w];
  };
}

type Surface = (x: number, y: number) => [number, number, number];

function surface(rng: Rng): Surface {
  const kind = choose(rng, ['wood', 'mat', 'fabric', 'laminate', 'paper-pile']);
  const base = kind === 'wood' ? [120 + rng() * 50, 82 + rng() * 30, 48 + rng() * 20] : kind === 'mat' ? [40 + rng() * 30, 70 + rng() * 30, 55 + rng() * 20] : kind === 'laminate' ? [185 + rng() * 30, 185 + rng() * 30, 180 + rng() * 30] : kind === 'paper-pile' ? [225, 222, 215] : [90 + rng() * 60, 90 + rng() * 40, 110 + rng() * 50];
  const seed = rng() * 1000;
  return (x, y) => {
    let k: number;
    if (kind === 'wood') k = 22 * Math.sin((y + 25 * Math.sin((x + seed) / 170)) / 9) + 10 * Math.sin(y / 2.7 + x / 400);
    else if (kind === 'mat') k = (x % 48 < 2 || y % 48 < 2 ? 35 : 0) + 6 * Math.sin(x * 0.9 + y * 1.3);
    else if (kind === 'fabric') k = 14 * Math.sin(x * 1.7) * Math.sin(y * 1.9) + 8 * Math.sin((x + y) / 5);
    else if (kind === 'laminate') k = ((Math.sin(x * 12.9898 + y * 78.233 + seed) * 43758.5453) % 1) * 18;
    // A sheet of printed paper under the card: grey text-like bars.
    else k = (y % 34 < 12 && (x + Math.floor(y / 34) * 57) % 160 < 130 ? -70 : 0);
    return [base[0]! + k, base[1]! + k, base[2]! + k];
  };
}

/**
 * The document (a PNG with alpha: rounded corners are transparent) photographed. `hard` tilts further, stands
 * further off, blurs more and lights worse.
 */
async function photograph(doc: Buffer, rng: Rng, hard: boolean): Promise<Buffer> {
  const { data: px, info } = await sharp(doc).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const dw = info.width;
  const dh = info.height;
  const W = choose(rng, hard ? [1280, 1440] : [1600, 1800, 2000]);
  const H = Math.round(W * choose(rng, [0.75, 0.5625, 0.7]));
  // Pinhole camera: focal length about the picture's width (a phone's main camera), document rotated in 3-D.
  const f = W * (0.9 + rng() * 0.5);
  const deg = Math.PI / 180;
  const tilt = (hard ? 28 : 18) * deg;
  const pitch = (rng() * 2 - 1) * tilt;
  const yaw = (rng() * 2 - 1) * tilt;
  const roll = (rng() * 2 - 1) * (hard ? 25 : 12) * deg;
  const fill = hard ? 0.38 + rng() * 0.17 : 0.5 + rng() * 0.25;
  const depth = (f * dw) / (fill * W);
  const rot = (x: number, y: number): [number, number, number] => {
    // Roll about the optical axis, then pitch (about x) and yaw (about y).
    const x1 = x * Math.cos(roll) - y * Math.sin(roll);
    const y1 = x * Math.sin(roll) + y * Math.cos(roll);
    const y2 = y1 * Math.cos(pitch);
    const z2 = y1 * Math.sin(pitch);
    const x3 = x1 * Math.cos(yaw) + z2 * Math.sin(yaw);
    const z3 = -x1 * Math.sin(yaw) + z2 * Math.cos(yaw);
    return [x3, y2, z3];
  };
  const shiftX = (rng() - 0.5) * W * 0.12;
  const shiftY = (rng() - 0.5) * H * 0.12;
  const project = (x: number, y: number): [number, number] => {
    const [X, Y, Z] = rot(x - dw / 2, y - dh / 2);
    return [W / 2 + shiftX + (f * X) / (depth + Z), H / 2 + shiftY + (f * Y) / (depth + Z)];
  };
  const corners: Array<[number, number]> = [[0, 0], [dw, 0], [dw, dh], [0, dh]];
  const toDoc = projective(corners.map(([x, y]) => project(x, y)), corners);
  const ground = surface(rng);
  // The table's edge: beyond it, the floor (darker), along one side of the picture.
  const edge = rng() < 0.6 ? { side: choose(rng, ['top', 'left', 'right']), at: 0.04 + rng() * 0.08 } : undefined;
  const glare = { x: rng() * W, y: rng() * H, r: W * (0.08 + rng() * 0.12), amp: hard ? 60 + rng() * 60 : 20 + rng() * 40 };
  const light = { dx: rng() * 2 - 1, dy: rng() * 2 - 1, k: hard ? 0.45 : 0.25 };
  const shadow = { dx: 6 + rng() * 14, dy: 8 + rng() * 14 };
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [u, v] = toDoc(x, y);
      let rgb: [number, number, number];
      const ui = Math.floor(u);
      const vi = Math.floor(v);
      if (ui >= 0 && vi >= 0 && ui < dw - 1 && vi < dh - 1 && px[(vi * dw + ui) * 4 + 3]! > 127) {
        const fx = u - ui, fy = v - vi;
        const at = (c: number, xx: number, yy: number): number => px[(yy * dw + xx) * 4 + c]!;
        rgb = [0, 1, 2].map((c) => at(c, ui, vi) * (1 - fx) * (1 - fy) + at(c, ui + 1, vi) * fx * (1 - fy) + at(c, ui, vi + 1) * (1 - fx) * fy + at(c, ui + 1, vi + 1) * fx * fy) as [number, number, number];
      } else {
        const beyond = edge && ((edge.side === 'top' && y < edge.at * H) || (edge.side === 'left' && x < edge.at * W) || (edge.side === 'right' && x > (1 - edge.at) * W));
        rgb = beyond ? [30, 28, 32] : ground(x, y);
        const [su, sv] = toDoc(x - shadow.dx, y - shadow.dy);
        if (su >= 0 && sv >= 0 && su < dw && sv < dh) rgb = rgb.map((c) => c * 0.55) as [number, number, number];
      }
      const gain = 1 + light.k * (light.dx * (x / W - 0.5) + light.dy * (y / H - 0.5)) * 2 - 0.12 * ((x / W - 0.5) ** 2 + (y / H - 0.5) ** 2) * 4;
      const g = glare.amp * Math.exp(-((x - glare.x) ** 2 + (y - glare.y) ** 2) / (2 * glare.r * glare.r));
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.max(0, Math.min(255, rgb[c]! * gain + g + normal(rng) * (hard ? 7 : 4)));
    }
  }
  const sigma = hard ? 1.2 + rng() * 0.8 : 0.7 + rng() * 0.6;
  return sharp(out, { raw: { width: W, height: H, channels: 3 } }).blur(sigma).jpeg({ quality: 40 }).toBuffer();
}

/** A flatbed scan: the document square on a light bed with a narrow margin, almost no tilt, light noise. */
async function scan(doc: Buffer, rng: Rng): Promise<Buffer> {
  const bed = { r: 236 + Math.round(rng() * 14), g: 236 + Math.round(rng() * 14), b: 236 + Math.round(rng() * 14), alpha: 1 };
  const turned = await sharp(doc).rotate((rng() * 2 - 1) * 1.2, { background: bed }).flatten({ background: bed }).png().toBuffer();
  const margin = Math.round(8 + rng() * 40);
  const { data, info } = await sharp(turned).extend({ top: margin, bottom: margin, left: margin, right: margin, background: bed }).raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + normal(rng) * 3));
  const img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).blur(0.5);
  return rng() < 0.5 ? img.jpeg({ quality: 85 }).toBuffer() : img.png().toBuffer();
}

/** Renders the SVG and captures it. */
export async function capture(svg: string, how: Capture, rng: Rng): Promise<Buffer> {
  const doc = await sharp(Buffer.from(svg)).png().toBuffer();
  return how === 'scan' ? scan(doc, rng) : photograph(doc, rng, how === 'hard-photo');
}

// The third evaluation variant's captures, staged as a scene in Chromium (the optics: table, perspective, light,
// focus) and finished on the pixels by sensor-c.ts (noise, white balance, sharpening, JPEG):
//   scan-c   a flatbed scan: the document on the bed, turned a little, scanner noise (card ~300 dpi, licence ~170 dpi)
//   photo-c  head office's photos as they describe them: the document on a table with the table around it,
//            perspective 5–15°, uneven light, slight blur, JPEG quality 40
//   phone-c  the same scene through a phone: defocus, vignetting, sensor noise, white balance cast, sharpening halo,
//            sometimes a glare on the laminate, the phone's own JPEG
// A card is 600–1200 px wide in a 1600 × 1200 (desk camera) or 1920 × 1440 (phone) frame; a licence 1300–1750 px in
// 2048 × 1536.
import type { Rng } from '../../domain/random';
import { CARD_H, CARD_W, LICENCE_H, LICENCE_W } from './cards-c';
import { renderHtml } from './chromium-c';
import { develop, type Sensor } from './sensor-c';

export type CaptureC = 'scan-c' | 'photo-c' | 'phone-c';
export const CAPTURES_C: readonly CaptureC[] = ['scan-c', 'photo-c', 'phone-c'];
type DocKind = 'card' | 'licence';

const between = (rng: Rng, lo: number, hi: number): number => lo + rng() * (hi - lo);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const deg = (rad: number): number => (rad * 180) / Math.PI;

/** A table top from SVG turbulence: wood, grey laminate, a green desk mat, a pale counter or dark glass. */
function tableTop(rng: Rng, w: number, h: number): string {
  const seed = Math.floor(rng() * 10_000);
  const kinds = [
    // [base frequency x y, octaves, colour matrix rows R, G, B as gain + offset of the noise's red channel]
    { f: `${between(rng, 0.002, 0.006).toFixed(4)} ${between(rng, 0.05, 0.12).toFixed(3)}`, o: 4, m: [[0.45, 0.3], [0.3, 0.18], [0.18, 0.08]] },
    { f: '0.9', o: 2, m: [[0.18, 0.55], [0.18, 0.55], [0.18, 0.54]] },
    { f: '0.35', o: 3, m: [[0.12, 0.12], [0.16, 0.26], [0.12, 0.18]] },
    { f: '0.7', o: 2, m: [[0.12, 0.8], [0.12, 0.79], [0.12, 0.76]] },
    { f: '0.02', o: 2, m: [[0.15, 0.05], [0.15, 0.06], [0.15, 0.08]] },
  ] as const;
  const k = pick(rng, kinds);
  const matrix = k.m.map(([g, b]) => `${g} 0 0 0 ${b}`).join(' ') + ' 0 0 0 0 1';
  const turn = rng() < 0.5 ? 0 : 90;
  return `<svg width="${w}" height="${h}" style="position:absolute;left:0;top:0" xmlns="http://www.w3.org/2000/svg">
<filter id="t" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="${k.f}" numOctaves="${k.o}" seed="${seed}"/><feColorMatrix type="matrix" values="${matrix}"/></filter>
<g transform="rotate(${turn} ${w / 2} ${h / 2})"><rect x="${-w}" y="${-h}" width="${3 * w}" height="${3 * h}" filter="url(#t)"/></g></svg>`;
}

const size = (kind: DocKind): [number, number] => (kind === 'card' ? [CARD_W, CARD_H] : [LICENCE_W, LICENCE_H]);

/** A flatbed scan: the document on the bed with a margin, turned up to 2°, slightly soft. */
function scanScene(doc: string, kind: DocKind, rng: Rng): { html: string; w: number; h: number } {
  const [bw, bh] = size(kind);
  const dpi = kind === 'card' ? between(rng, 280, 330) : between(rng, 150, 195);
  const widthMm = kind === 'card' ? 85.6 : 297;
  const zoom = (widthMm * dpi) / 25.4 / bw;
  const turn = between(rng, -2, 2);
  const margin = Math.round(between(rng, 40, 100));
  const slack = Math.abs(Math.sin((turn * Math.PI) / 180)) * bw * zoom;
  const w = Math.round(bw * zoom + 2 * margin + slack);
  const h = Math.round(bh * zoom + 2 * margin + slack);
  const bed = pick(rng, ['#f5f5f2', '#eeeeea', '#fafafa', '#e6e7e4']);
  const html = `<div style="position:relative;width:${w}px;height:${h}px;overflow:hidden;background:linear-gradient(${Math.round(rng() * 180)}deg, ${bed}, #e2e2de);filter:blur(${between(rng, 0.25, 0.6).toFixed(2)}px)">
<div style="position:absolute;left:${((w - bw * zoom) / 2).toFixed(1)}px;top:${((h - bh * zoom) / 2).toFixed(1)}px;width:${(bw * zoom).toFixed(1)}px;height:${(bh * zoom).toFixed(1)}px;transform:rotate(${turn.toFixed(2)}deg)">
<div style="zoom:${zoom.toFixed(4)};box-shadow:1px 2px 3px rgba(0,0,0,0.3);border-radius:${kind === 'card' ? 32 : 0}px">${doc}</div></div></div>`;
  return { html, w, h };
}

/** The document on a table seen by a camera: perspective 5–15°, turned in the plane, uneven light, focus blur. */
function tableScene(doc: string, kind: DocKind, how: 'photo-c' | 'phone-c', rng: Rng): { html: string; w: number; h: number } {
  const [bw, bh] = size(kind);
  const [w, h] = kind === 'licence' ? [2048, 1536] : how === 'phone-c' ? [1920, 1440] : [1600, 1200];
  const target = kind === 'card' ? between(rng, 600, 1200) : between(rng, 1300, 1750);
  const zoom = target / bw;
  const [dw, dh] = [bw * zoom, bh * zoom];
  const tilt = between(rng, 5, 15);
  const dir = rng() * 2 * Math.PI;
  const rx = tilt * Math.cos(dir);
  const ry = tilt * Math.sin(dir);
  const rz = between(rng, -7, 7);
  const focal = w * between(rng, 0.8, 1.3);
  // Room around the document for its turn and the nearer edge's growth, then a place within what is left.
  const reach = Math.abs(Math.cos((rz * Math.PI) / 180)) * dw + Math.abs(Math.sin((rz * Math.PI) / 180)) * dh;
  const reachY = Math.abs(Math.sin((rz * Math.PI) / 180)) * dw + Math.abs(Math.cos((rz * Math.PI) / 180)) * dh;
  const grow = 1 + Math.sin((tilt * Math.PI) / 180) * 0.6;
  const freeX = Math.max(0, w - reach * grow - 60);
  const freeY = Math.max(0, h - reachY * grow - 60);
  const cx = w / 2 + between(rng, -0.5, 0.5) * freeX;
  const cy = h / 2 + between(rng, -0.5, 0.5) * freeY;
  const radius = kind === 'card' ? 32 * zoom : 0;
  // Light: brighter where the lamp is, darker away from it (by 20–45 %), and a side wash.
  const lx = Math.round(between(rng, 0, 100));
  const ly = Math.round(between(rng, 0, 100));
  const dark = between(rng, 0.25, 0.5);
  const wash = Math.round(deg(rng() * 2 * Math.PI));
  const phone = how === 'phone-c';
  const blur = phone ? between(rng, 0.9, 1.6) : between(rng, 0.5, 1.1);
  const glare = phone && rng() < 0.4
    ? `<div style="position:absolute;inset:0;border-radius:${radius}px;mix-blend-mode:screen;background:radial-gradient(ellipse ${Math.round(between(rng, 18, 35))}% ${Math.round(between(rng, 12, 25))}% at ${Math.round(between(rng, 15, 85))}% ${Math.round(between(rng, 15, 85))}%, rgba(255,255,250,${between(rng, 0.3, 0.5).toFixed(2)}), rgba(255,255,255,0) 100%)"></div>`
    : '';
  const corner = Math.round(255 * (1 - between(rng, 0.25, 0.45)));
  const vignette = phone ? `<div style="position:absolute;inset:0;mix-blend-mode:multiply;background:radial-gradient(ellipse at 50% 50%, rgba(255,255,255,1) 45%, rgba(${corner},${corner},${corner},1) 100%)"></div>` : '';
  const exposure = between(rng, 0.92, 1.08);
  const html = `<div style="position:relative;width:${w}px;height:${h}px;overflow:hidden">
<div style="position:absolute;inset:0;filter:blur(${blur.toFixed(2)}px) brightness(${exposure.toFixed(3)})">
${tableTop(rng, w, h)}
<div style="position:absolute;inset:0;perspective:${focal.toFixed(0)}px;perspective-origin:50% 50%">
<div style="position:absolute;left:${(cx - dw / 2).toFixed(1)}px;top:${(cy - dh / 2).toFixed(1)}px;width:${dw.toFixed(1)}px;height:${dh.toFixed(1)}px;transform:rotateZ(${rz.toFixed(2)}deg) rotateX(${rx.toFixed(2)}deg) rotateY(${ry.toFixed(2)}deg);border-radius:${radius.toFixed(1)}px;box-shadow:${(between(rng, -8, 8)).toFixed(0)}px ${between(rng, 4, 14).toFixed(0)}px ${between(rng, 10, 28).toFixed(0)}px rgba(0,0,0,0.45)">
<div style="zoom:${zoom.toFixed(4)}">${doc}</div>${glare}</div></div>
<div style="position:absolute;inset:0;mix-blend-mode:multiply;background:radial-gradient(circle at ${lx}% ${ly}%, rgba(255,255,255,1) 0%, rgba(${Math.round(255 * (1 - dark))},${Math.round(255 * (1 - dark))},${Math.round(255 * (1 - dark * 0.9))},1) 95%)"></div>
<div style="position:absolute;inset:0;mix-blend-mode:soft-light;background:linear-gradient(${wash}deg, rgba(255,250,235,0.35), rgba(0,0,0,0.2))"></div>
</div>${vignette}</div>`;
  return { html, w, h };
}

function sensorFor(how: CaptureC, rng: Rng): Sensor {
  if (how === 'scan-c') return { noise: between(rng, 1.5, 3), chroma: 0.6, grain: 1, cast: [1, 1, between(rng, 0.97, 1.01)], quality: Math.round(between(rng, 80, 92)) };
  if (how === 'photo-c') return { noise: between(rng, 1.5, 3), chroma: 1, grain: 1, cast: [1, 1, 1], quality: 40 };
  const casts: ReadonlyArray<readonly [number, number, number]> = [
    [between(rng, 1.05, 1.12), 1, between(rng, 0.8, 0.9)], // warm lamp
    [between(rng, 0.86, 0.94), 1, between(rng, 1.04, 1.1)], // daylight through a window, left on indoor balance
    [0.93, between(rng, 1.02, 1.06), 0.9], // fluorescent green
  ];
  return { noise: between(rng, 3, 6), chroma: between(rng, 2, 4), grain: 2, cast: pick(rng, casts), sharpen: { sigma: between(rng, 1, 1.8), m2: between(rng, 2, 4) }, quality: Math.round(between(rng, 70, 88)) };
}

/** One capture of a document's HTML: the scene in Chromium, then the device's pixels; JPEG bytes. */
export async function captureC(doc: string, kind: DocKind, how: CaptureC, rng: Rng): Promise<Buffer> {
  const scene = how === 'scan-c' ? scanScene(doc, kind, rng) : tableScene(doc, kind, how, rng);
  const sensor = sensorFor(how, rng);
  const png = await renderHtml(scene.html, scene.w, scene.h);
  return await develop(png, sensor, rng);
}

/** A greyscale image as raw bytes, one per pixel, row by row. */
export interface Grey { data: Uint8Array; width: number; height: number }

/** Otsu's threshold: the grey level that best separates the two classes of a histogram. */
export function otsu(data: Uint8Array): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of data) hist[v]!++;
  const total = data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** The bright document on a darker desk: the longest run of rows and of columns that are mostly paper. */
export function paperBounds(img: Grey): { left: number; top: number; width: number; height: number } {
  const t = otsu(img.data);
  const rowFrac = new Array<number>(img.height).fill(0);
  const colFrac = new Array<number>(img.width).fill(0);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! > t) {
        rowFrac[y]! += 1 / img.width;
        colFrac[x]! += 1 / img.height;
      }
    }
  }
  const run = (fr: number[]): [number, number] => {
    let best: [number, number] = [0, fr.length];
    let bestLen = 0;
    let start = -1;
    fr.forEach((f, i) => {
      if (f > 0.4 && start < 0) start = i;
      if ((f <= 0.4 || i === fr.length - 1) && start >= 0) {
        const end = f > 0.4 ? i + 1 : i;
        if (end - start > bestLen) [best, bestLen] = [[start, end], end - start];
        start = -1;
      }
    });
    return best;
  };
  const [top, bottom] = run(rowFrac);
  const [left, right] = run(colFrac);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Skew of text lines in degrees (positive = lines run down to the right), by the projection-profile method:
 * rows of text give the sharpest row histogram when the projection is parallel to them.
 */
export function estimateSkew(img: Grey, maxDegrees = 10): number {
  const inner = paperBounds(img);
  const mx = Math.round(inner.width * 0.06);
  const my = Math.round(inner.height * 0.06);
  const x0 = inner.left + mx;
  const y0 = inner.top + my;
  const x1 = inner.left + inner.width - mx;
  const y1 = inner.top + inner.height - my;
  const sub: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sub.push(img.data[y * img.width + x]!);
  const t = otsu(Uint8Array.from(sub)) * 0.85;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (img.data[y * img.width + x]! < t) {
        xs.push(x - (x0 + x1) / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const score = (deg: number): number => {
    const a = (deg * Math.PI) / 180;
    const s = Math.sin(a);
    const c = Math.cos(a);
    const bins = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i]! * c - xs[i]! * s);
      bins.set(b, (bins.get(b) ?? 0) + 1);
    }
    let sq = 0;
    for (const v of bins.values()) sq += v * v;
    return sq;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDegrees; d <= maxDegrees; d += 1) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  const coarse = best;
  for (let d = coarse - 0.9; d <= coarse + 0.9; d += 0.15) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  return Math.round(best * 100) / 100;
}

import { SIGNATURE_GRID, type Strokes } from '../../domain/video/tablet-signature';

// The pen's path on a signature pad, on the 0–1000 grid the signature is kept in (whatever the screen's size), and
// drawn back from it on the desk — the same shape on any canvas.

export interface SignaturePad {
  strokes(): Strokes;
  clear(): void;
  detach(): void;
}

const LINE = 4;

function prepare(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ink = canvas.getContext('2d')!;
  ink.lineWidth = (LINE * canvas.width) / 600;
  ink.lineCap = 'round';
  ink.lineJoin = 'round';
  ink.strokeStyle = '#14263a';
  return ink;
}

/** Collects strokes from pointer events (finger, pen or mouse) on `canvas`, drawing them as they come. */
export function attachSignaturePad(canvas: HTMLCanvasElement, onChange: (points: number) => void): SignaturePad {
  const ink = prepare(canvas);
  let strokes: [number, number, number][][] = [];
  let current: [number, number, number][] | null = null;
  let started = 0;
  const at = (e: PointerEvent): [number, number, number] => {
    const r = canvas.getBoundingClientRect();
    const clamp = (v: number) => Math.max(0, Math.min(SIGNATURE_GRID, Math.round(v)));
    if (strokes.length === 0 && current === null) started = e.timeStamp;
    return [clamp(((e.clientX - r.left) / r.width) * SIGNATURE_GRID), clamp(((e.clientY - r.top) / r.height) * SIGNATURE_GRID), Math.max(0, Math.round(e.timeStamp - started))];
  };
  const px = (p: [number, number, number]) => [(p[0] * canvas.width) / SIGNATURE_GRID, (p[1] * canvas.height) / SIGNATURE_GRID] as const;
  const down = (e: PointerEvent) => {
    e.preventDefault();
    canvas.setPointerCapture?.(e.pointerId);
    const p = at(e);
    current = [p];
    ink.beginPath();
    ink.moveTo(...px(p));
  };
  const move = (e: PointerEvent) => {
    if (!current) return;
    e.preventDefault();
    const p = at(e);
    current.push(p);
    ink.lineTo(...px(p));
    ink.stroke();
  };
  const up = () => {
    if (!current) return;
    strokes.push(current);
    current = null;
    onChange(strokes.reduce((n, s) => n + s.length, 0));
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  canvas.addEventListener('pointerleave', up);
  return {
    strokes: () => strokes,
    clear() {
      strokes = [];
      current = null;
      ink.clearRect(0, 0, canvas.width, canvas.height);
      onChange(0);
    },
    detach() {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      canvas.removeEventListener('pointerleave', up);
    },
  };
}

/** Draws kept strokes on `canvas` (the desk's view of a tablet signature). */
export function drawStrokes(canvas: HTMLCanvasElement, strokes: Strokes): void {
  const ink = prepare(canvas);
  ink.clearRect(0, 0, canvas.width, canvas.height);
  for (const stroke of strokes) {
    ink.beginPath();
    stroke.forEach(([x, y], i) => {
      const p = [(x * canvas.width) / SIGNATURE_GRID, (y * canvas.height) / SIGNATURE_GRID] as const;
      if (i === 0) ink.moveTo(...p);
      else ink.lineTo(...p);
    });
    if (stroke.length === 1) ink.lineTo((stroke[0]![0] * canvas.width) / SIGNATURE_GRID + 0.5, (stroke[0]![1] * canvas.height) / SIGNATURE_GRID);
    ink.stroke();
  }
}

import type { Page } from 'tesseract.js';
import type { OcrLine, OcrPage } from '../../../domain/ocr/types';

/** tesseract.js's block tree flattened to the lines the field extraction reads, keeping per-character confidence. */
export function pageFromTesseract(page: Page, width: number, height: number, croppedToCard?: boolean): OcrPage {
  const lines: OcrLine[] = (page.blocks ?? []).flatMap((b) =>
    b.paragraphs.flatMap((p) =>
      p.lines.map((l) => ({
        text: l.text.trim(),
        confidence: l.confidence,
        bbox: l.bbox,
        words: l.words.map((w) => ({
          text: w.text,
          confidence: w.confidence,
          bbox: w.bbox,
          charConfidences: w.symbols?.length ? w.symbols.map((s) => s.confidence) : undefined,
        })),
      })),
    ),
  );
  return { width, height, lines, croppedToCard };
}

/** The `tesseract … tsv` output of the command-line tool in the same shape, so both go through one extraction. */
export function pageFromTsv(tsv: string, width: number, height: number): OcrPage {
  const lines = new Map<string, OcrLine>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5' || !c[11]!.trim()) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    const [x, y, w, h] = [c[6], c[7], c[8], c[9]].map(Number) as [number, number, number, number];
    const word = { text: c[11]!.trim(), confidence: Number(c[10]), bbox: { x0: x, y0: y, x1: x + w, y1: y + h } };
    const line = lines.get(key) ?? { text: '', confidence: 0, bbox: { ...word.bbox }, words: [] };
    line.words.push(word);
    line.text += word.text;
    line.bbox = { x0: Math.min(line.bbox.x0, x), y0: Math.min(line.bbox.y0, y), x1: Math.max(line.bbox.x1, x + w), y1: Math.max(line.bbox.y1, y + h) };
    line.confidence = Math.min(...line.words.map((ww) => ww.confidence));
    lines.set(key, line);
  }
  return { width, height, lines: [...lines.values()] };
}

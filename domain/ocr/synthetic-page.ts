import type { OcrLine, OcrPage } from './types';

/** [text, x, confidence] of one recognised word; each character is taken as 30 px wide and 32 px tall. */
export type WordSpec = [string, number, number?];

/** Builds recogniser output by hand, for testing the extraction without running OCR. */
export function syntheticPage(width: number, height: number, rows: Array<[y: number, words: WordSpec[]]>): OcrPage {
  const lines: OcrLine[] = rows.map(([y, words]) => {
    const ws = words.map(([text, x, conf = 95]) => ({ text, confidence: conf, bbox: { x0: x, y0: y, x1: x + 30 * [...text].length, y1: y + 32 } }));
    return {
      text: ws.map((w) => w.text).join(' '),
      confidence: Math.min(...ws.map((w) => w.confidence)),
      bbox: { x0: ws[0]!.bbox.x0, y0: y, x1: ws[ws.length - 1]!.bbox.x1, y1: y + 32 },
      words: ws,
    };
  });
  return { width, height, lines };
}

import type { CtcChar } from './ctc';
import type { RgbImage } from './line-image';
import type { ReadMode } from './recognise';

/** Messages between the OCR worker and its recogniser thread. */
export type RecogniserRequest = { id: number; lines: RgbImage[]; minWidth: number; mode: ReadMode };

export type RecogniserResponse =
  | { type: 'ready' }
  | { type: 'load-failed'; error: string }
  | { type: 'done'; id: number; chars: CtcChar[][] }
  | { type: 'failed'; id: number; error: string };

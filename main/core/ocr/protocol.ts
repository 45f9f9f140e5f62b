import type { IdCardResult, LicenceResult } from '../../../domain/ocr/types';
import type { EngineName } from './engine';
import type { OcrErrorCode } from './errors';
import type { RgbImage } from './paddle/line-image';

/** One side of a document: the file as handed in and its decoded pixels. */
export interface SideImage { bytes: Uint8Array; pixels: RgbImage }

/** Messages between the OCR service (core thread) and its worker thread. */
export type WorkerRequest =
  | { id: number; type: 'id-card'; engine: EngineName; front: SideImage; back?: SideImage; todayIso: string }
  | { id: number; type: 'licence'; engine: EngineName; image: SideImage };

export type OcrStage = 'loading-engine' | 'preparing' | 'recognising-front' | 'recognising-back' | 'recognising' | 'extracting';

export type WorkerResponse =
  | { id: number; type: 'progress'; stage: OcrStage; progress: number }
  | { id: number; type: 'done'; result: IdCardResult | LicenceResult }
  | { id: number; type: 'error'; code: OcrErrorCode; detail?: string }
  | { id: -1; type: 'ready' };

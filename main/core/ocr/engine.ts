import type { IdCardResult, LicenceResult } from '../../../domain/ocr/types';
import type { OcrStage, SideImage } from './protocol';

/** `pp-ocr` is what the app uses; `tesseract` is the first engine, kept for the side-by-side benchmark. */
export type EngineName = 'pp-ocr' | 'tesseract';

export type ProgressFn = (stage: OcrStage, progress: number) => void;

/** A recogniser with its field extraction: pictures in, checked fields out. Runs inside the OCR worker thread. */
export interface OcrEngine {
  /** Loads the models; reading waits for this by itself. */
  warm(): Promise<void>;
  readIdCard(front: SideImage, back: SideImage | undefined, today: Date, progress: ProgressFn): Promise<IdCardResult>;
  readLicence(image: SideImage, progress: ProgressFn): Promise<LicenceResult>;
  close(): Promise<void>;
}

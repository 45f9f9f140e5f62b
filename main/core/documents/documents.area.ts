import type { Handlers } from '../api/handlers';
import { createOcrService } from '../ocr/ocr-service';
import type { documentsContract } from './documents.contract';
import { documentStoreHandlers, type DocumentStoreDeps } from './documents.service';
import { LazyOcr, ocrHandlers } from './ocr.handlers';

export interface DocumentsAreaDeps extends DocumentStoreDeps {
  clock: () => Date;
  /** The OCR engine's private cache folder (`<dataDir>/ocr-cache`). */
  ocrCacheDir: string;
}

/**
 * 证件识别: recognition of ID cards and licences, and the documents kept with each customer. The OCR worker
 * thread starts on the first scan, never at core start, and is stopped by `close`.
 */
export function documentsArea(deps: DocumentsAreaDeps): { handlers: Handlers<typeof documentsContract>; ocr: LazyOcr; close(): Promise<void> } {
  const ocr = new LazyOcr(() => createOcrService({ now: deps.clock, cacheDir: deps.ocrCacheDir }));
  return {
    handlers: { ...ocrHandlers({ pouch: deps.pouch, events: deps.events }, ocr), ...documentStoreHandlers(deps) },
    ocr,
    close: () => ocr.close(),
  };
}

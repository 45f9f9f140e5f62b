import { createOcrService, OcrError, type OcrService } from '../../core/ocr/ocr-service';
import type { IdCheck } from '../../../sync-server/media/session-script';

// The identity step of a 视频面签 at head office: the branch's own OCR (PP-OCR, main/core/ocr) reads the photo the
// customer took of the ID card, compared with the name and number the branch opened the room with. The models load on
// the first photo, not when the media server starts.

export interface IdCardChecker {
  check(photo: Buffer, expected: { name: string; idNumber: string }): Promise<IdCheck>;
  close(): Promise<void>;
}

export function headOfficeIdCheck(): IdCardChecker {
  let ocr: OcrService | null = null;
  return {
    async check(photo, expected) {
      ocr ??= createOcrService();
      try {
        const result = await ocr.recognizeIdCard(photo, undefined, { record: expected });
        return { matched: result.differences.length === 0, differences: result.differences.map((d) => d.messageZh) };
      } catch (err) {
        // An unreadable or wrong file is the customer's to retake, said in words, not a server error.
        if (err instanceof OcrError) return { matched: false, differences: [err.message] };
        throw err;
      }
    },
    close: async () => ocr?.close(),
  };
}

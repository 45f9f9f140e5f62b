/** Pixel box as tesseract reports it: left/top inclusive, right/bottom exclusive. */
export interface OcrBox { x0: number; y0: number; x1: number; y1: number }

/** One word as the recogniser saw it; confidence is 0–100. */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: OcrBox;
  /** Per-character confidences when the recogniser gives them (tesseract.js symbols); the CLI's TSV does not. */
  charConfidences?: number[];
  /** Where each character lies along the line (left and right x), when the recogniser knows (PP-OCR's CTC steps). */
  charSpans?: Array<[number, number]>;
  /** Each character's runners-up as the recogniser ranked them (PP-OCR), most probable first; confidences 0–100. */
  charAlternatives?: Array<Array<{ ch: string; conf: number }>>;
  /**
   * How far (px) the detector's box runs on before the word's first character's centre, when that character is the
   * first read in its box (PP-OCR), and after its last's. About half a box height normally; a character inside the
   * box that the recogniser read as nothing (one outside its character set, or lost in blur) leaves more.
   */
  unreadBefore?: number;
  unreadAfter?: number;
}

export interface OcrLine { text: string; confidence: number; bbox: OcrBox; words: OcrWord[] }

/** What the field extraction needs from any recogniser (tesseract.js, the tesseract CLI's TSV, a test). */
export interface OcrPage {
  width: number;
  height: number;
  lines: OcrLine[];
  /**
   * The image was cut to the card's edges (or to a full-width band of it), so x positions follow the standard
   * layout. Left out, it is guessed from the aspect ratio.
   */
  croppedToCard?: boolean;
}

export type DocumentKind = 'id-card' | 'licence';

/** Why a field's value differs from what was read; the UI shows it next to the field. */
export type CorrectionReason =
  | 'confusable-chars'
  | 'id-check-digit'
  | 'id-birth-date'
  | 'id-region'
  | 'birth-date-from-id'
  | 'sex-from-id'
  | 'region-table'
  | 'surname'
  | 'ethnicity-list'
  | 'uscc-check-digit'
  | 'capital-numerals'
  | 'company-type-list'
  | 'name-place'
  | 'second-reading'
  | 'authority-ending'
  | 'issue-date-from-age';

export interface FieldCorrection { from: string; reason: CorrectionReason; messageZh: string; messageEn: string }

export interface RecognisedField {
  value: string;
  /** 0–100, the weakest character's confidence: one bad character makes the whole field doubtful. */
  confidence: number;
  corrected?: FieldCorrection;
  /** True when a person should look at it: low confidence that no constraint confirmed, or not found at all. */
  uncertain: boolean;
}

export type IdCardFieldName = 'name' | 'sex' | 'ethnicity' | 'birthDate' | 'address' | 'idNumber' | 'issuingAuthority' | 'validFrom' | 'validUntil';
export type LicenceFieldName = 'uscc' | 'companyName' | 'companyType' | 'legalRepresentative' | 'registeredCapital' | 'establishedDate' | 'address';

export type CheckCode =
  | 'id.checkDigit'
  | 'id.region'
  | 'id.birthDateMatches'
  | 'id.sexMatches'
  | 'id.notExpired'
  | 'licence.uscc'
  | 'licence.usccCheckDigit';

export interface DocumentCheck { code: CheckCode; ok: boolean; messageZh: string; messageEn: string }

export interface OcrResult<F extends string = string> {
  kind: DocumentKind;
  fields: Record<F, RecognisedField>;
  checks: DocumentCheck[];
  timingMs: number;
}

export type IdCardResult = OcrResult<IdCardFieldName> & { kind: 'id-card' };
export type LicenceResult = OcrResult<LicenceFieldName> & { kind: 'licence' };

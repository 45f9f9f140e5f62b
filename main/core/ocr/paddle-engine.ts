import { buildIdCardResult, looksLikeIdFront, looksLikeLicence } from '../../../domain/ocr';
import { correction } from '../../../domain/ocr/messages';
import type { IdCardResult, LicenceResult, OcrPage, OcrResult, RecognisedField } from '../../../domain/ocr/types';
import type { OcrEngine } from './engine';
import { OcrError, type OcrErrorCode } from './errors';
import { idCardTooBlurred, numberConfirmed } from './id-card-refusal';
import { medianLineHeight, type PictureLegibility, tooBlurredToRead } from './legibility';
import { licenceTooBlurred } from './licence-refusal';
import { licenceLinesToRead } from './licence-lines';
import { licenceBuilder, licenceLinesWorthReadingAgain } from './licence-rereads';
import type { CtcChar } from './paddle/ctc';
import type { RgbImage } from './paddle/line-image';
import { quadHeight } from './paddle/geometry';
import { straighten } from './paddle/line-image';
import { type DetectorModels, loadDetector } from './paddle/models';
import { pageFromBoxes } from './paddle/page-layout';
import { unreadAfterLast, withBoxStretched, withReadingAfterChar, withReadingBeside } from './paddle/read-beside';
import { READ_TEXT_DEFAULTS, readPictureDeblurred, readText, type ReadTextOptions, type TextBox } from './paddle/read-text';
import { withPersonReadAgain } from './paddle/reread-person';
import { localRecogniser, type Recogniser, startRecogniser } from './paddle/recogniser-client';
import { sharedRecogniser } from './paddle/shared-recogniser';
import { createLineReader } from './second-opinion';

/** One side of a document as read: the picture, its boxes, how legible it was and the page the field extraction works on. */
interface Side { img: RgbImage; boxes: TextBox[]; direction: number; page: OcrPage; legibility: PictureLegibility }

const sideOf = (img: RgbImage, boxes: TextBox[], direction: number, legibility: PictureLegibility): Side => ({ img, boxes, direction, legibility, page: pageFromBoxes(boxes, direction, img.width, img.height) });

async function readSides(models: DetectorModels, rec: Recogniser, images: readonly RgbImage[], onPicture: (index: number) => void, opts: ReadTextOptions = READ_TEXT_DEFAULTS): Promise<Side[]> {
  const read = await readText(models, rec, images, onPicture, opts);
  return read.map(({ boxes, direction, blur, unread = [] }, i) => sideOf(images[i]!, boxes, direction, { ...(blur ? { blur } : {}), lineHeight: medianLineHeight([...boxes.map((b) => b.rect.h), ...unread.map((r) => r.h)]) }));
}

const ID_CHARS = '0123456789X';
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The box holding the longest run of a number's characters (at least `min` long), if any. */
function numberBox(side: Side, chars: string, min: number): TextBox | undefined {
  const re = new RegExp(`[${chars}]{${min},}`, 'g');
  let best: TextBox | undefined;
  let bestLen = 0;
  for (const b of side.boxes) {
    const t = b.chars.map((c) => c.ch.toUpperCase()).join('');
    for (const m of t.matchAll(re)) if (m[0].length > bestLen) [best, bestLen] = [b, m[0].length];
  }
  return best;
}

/** Height the line is cut out at for tesseract, and the white margin round it: tesseract misreads ink at the edge. */
const REREAD_HEIGHT = 64;
const REREAD_MARGIN = 16;

/**
 * The second opinion: a number PP-OCR read that fails its check character is read again by tesseract.js from
 * the same straightened line, with only the number's characters allowed. The other reading is kept only when
 * the document then passes (the check character confirms it) and is marked as such; otherwise the field stays
 * uncertain for the teller.
 */
async function secondOpinion<R extends OcrResult>(
  reader: ReturnType<typeof createLineReader>,
  side: Side,
  box: TextBox | undefined,
  chars: string,
  build: (s: Side) => R,
  field: keyof R['fields'] & string,
  first: R,
): Promise<R> {
  if (!box) return first;
  const line = straighten(side.img, box.quad, REREAD_HEIGHT, REREAD_HEIGHT * 40);
  // Only here does the worker need an image encoder: loaded on the rare first second opinion, not at start.
  const { default: sharp } = await import('sharp');
  const png = await sharp(line.data, { raw: { width: line.width, height: line.height, channels: 3 } })
    .extend({ top: REREAD_MARGIN, bottom: REREAD_MARGIN, left: REREAD_MARGIN, right: REREAD_MARGIN, background: '#ffffff' })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const reading = await reader.read(png, chars);
  const text = [...reading.text].filter((c) => chars.includes(c));
  if (text.length === 0) return first;
  // Tesseract gives no positions worth keeping here; the characters are spread evenly over the box.
  const replaced: CtcChar[] = text.map((ch, i) => ({ ch, prob: (reading.charConfidences[i] ?? reading.confidence) / 100, at: (i + 0.5) / text.length }));
  const boxes = side.boxes.map((b) => (b === box ? { ...b, chars: replaced } : b));
  const second = build(sideOf(side.img, boxes, side.direction, side.legibility));
  const before = (first.fields as Record<string, RecognisedField>)[field]!;
  const after = (second.fields as Record<string, RecognisedField>)[field]!;
  if (after.uncertain || after.value === before.value) return first;
  (second.fields as Record<string, RecognisedField>)[field] = { ...after, corrected: correction(before.value, 'second-reading') };
  return second;
}

/** Beyond this many box heights past its last character's middle, a box holds ink read as nothing (0.4–0.6 normally). */
const UNREAD_PAST_LAST = 0.95;

/**
 * The ethnicity the detector missed or misread, read again where the card's layout puts it: right of the box
 * ending in 民族 or reading 民 and one other character (up to four of its heights on), else right of the sex (…男 or …女, or 性别 and a misread one, with
 * the 民族 label between: eight heights on). A label box that runs on past its last character holds the value
 * itself, left out of the reading (民族 boxed over 傣, read 民族): read from just past the label's end instead.
 * Taken only when that reading makes the ethnicity a listed one the extraction is sure of, and leaves every
 * other field as it was.
 */
async function ethnicityBeside(rec: Recogniser, side: Side, build: (s: Side) => IdCardResult, first: IdCardResult): Promise<IdCardResult> {
  const textOf = (b: TextBox): string => b.chars.map((c) => c.ch).join('');
  // The label misread (民放, 民肤: 族 is what blur takes first) still stands where the label does.
  const label = side.boxes.find((b) => /民?族$/.test(textOf(b))) ?? side.boxes.find((b) => /^民.$/.test(textOf(b)));
  const sex = side.boxes.find((b) => /[男女]$/.test(textOf(b))) ?? side.boxes.find((b) => /^性别.$/.test(textOf(b)));
  // Right of the label, the stretch is read a second time shorter when the first reading is not sure: a lone
  // blurred character among four heights of card reads weaker (汉 at 36 %) than closely framed (87 %).
  const [anchor, lengths] = label ? [label, [4, 2]] : sex ? [sex, [8]] : [undefined, []];
  if (!anchor) return first;
  const within = anchor === label && unreadAfterLast(anchor) > UNREAD_PAST_LAST;
  for (const length of lengths) {
    // Half a character past the label's last middle, then a gap: where a value beside it starts.
    const boxes = within ? await withReadingAfterChar(rec, side.img, side.boxes, anchor, anchor.chars.length - 1, 0.6, length) : await withReadingBeside(rec, side.img, side.boxes, anchor, 0.1, length);
    if (!boxes) continue;
    const second = build(sideOf(side.img, boxes, side.direction, side.legibility));
    const same = (Object.keys(first.fields) as Array<keyof IdCardResult['fields']>).every((k) => k === 'ethnicity' || second.fields[k].value === first.fields[k].value);
    if (same && !second.fields.ethnicity.uncertain) return second;
  }
  return first;
}

/** An ID number has 18 characters; a box holding at least this many of them is a number boxed short. */
const SHORT_ID_RUN = 9;

/**
 * An ID number boxed short (its end faded into the card's edge and shadow on a blurred photo, the number's box
 * holding 13 of its 18 characters and the address taking the rest of the row): the box read again stretched at
 * both ends by the missing characters' width. Taken only when the number then passes its check character.
 */
async function numberStretched(rec: Recogniser, side: Side, build: (s: Side) => IdCardResult, first: IdCardResult): Promise<IdCardResult> {
  const box = numberBox(side, ID_CHARS, SHORT_ID_RUN);
  const run = box ? Math.max(...[...box.chars.map((c) => c.ch.toUpperCase()).join('').matchAll(/[0-9X]+/g)].map((m) => m[0].length)) : 18;
  if (!box || run >= 18) return first;
  const [q0, q1] = box.quad;
  // The missing characters' width in box heights (the stretch's unit), each as wide as those read.
  const charWidths = ((18 - run) * Math.hypot(q1.x - q0.x, q1.y - q0.y)) / box.chars.length / Math.max(1, quadHeight(box.quad));
  const boxes = await withBoxStretched(rec, side.img, side.boxes, box, charWidths + 0.5, charWidths + 0.5);
  if (!boxes) return first;
  const second = build(sideOf(side.img, boxes, side.direction, side.legibility));
  return second.fields.idNumber.uncertain ? first : second;
}

/** The picture turned through 180°. */
export function turnedOver(img: RgbImage): RgbImage {
  const n = img.width * img.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0, j = (n - 1) * 3; i < n * 3; i += 3, j -= 3) {
    data[i] = img.data[j]!;
    data[i + 1] = img.data[j + 1]!;
    data[i + 2] = img.data[j + 2]!;
  }
  return { data, width: img.width, height: img.height };
}

/**
 * Where the recognition network runs. `two`: on a thread of its own, reading one picture's lines while the next is
 * searched, and a second copy on this thread reading lines too whenever the detector is done (the app's warm
 * worker). `one`: everything on this thread (a one-shot command, where a second thread's start-up costs more than
 * it saves).
 */
export type PaddleThreads = 'one' | 'two';

/**
 * PP-OCRv4 (ONNX Runtime) reading the picture as it was taken: no crop or clean-up that assumes a flat scan.
 * Lines are found wherever the document lies in the picture, each is straightened along the page's reading
 * direction and read at its own width, and rows are rebuilt from the boxes' positions (see readText and
 * pageFromBoxes). tesseract.js gives a second opinion on a number that fails its check.
 */
export function createPaddleEngine(cacheDir: string, threads: PaddleThreads): OcrEngine {
  // Both networks start loading at once, each on its own thread.
  const rec = threads === 'two' ? sharedRecogniser(startRecogniser(cacheDir), localRecogniser(1, cacheDir)) : localRecogniser(2, cacheDir);
  const detector = loadDetector(cacheDir);
  detector.catch(() => undefined);
  const reader = createLineReader(cacheDir);

  return {
    warm: async () => void (await Promise.all([detector, rec.ready()])),

    async readIdCard(frontImage, backImage, today, progress) {
      const started = performance.now();
      const m = await detector;
      const sides = backImage ? [frontImage.pixels, backImage.pixels] : [frontImage.pixels];
      const [front, back] = (await readSides(m, rec, sides, (i) => progress(i === 0 ? 'recognising-front' : 'recognising-back', i === 0 ? 0.2 : 0.5))) as [Side, Side | undefined];
      // A front whose labels and number were not made out is read on before it is refused: its number, boxed short
      // or read a second time below, may still pass its check, and then it is a card (see numberConfirmed).
      const looksFront = looksLikeIdFront(front.page, today);
      progress('extracting', 0.9);
      const build = (f: Side) => buildIdCardResult(f.page, back?.page, today, 0);
      let result = build(front);
      if (result.fields.idNumber.uncertain) result = await numberStretched(rec, front, build, result);
      if (result.fields.idNumber.uncertain) result = await secondOpinion(reader, front, numberBox(front, ID_CHARS, 15), ID_CHARS, build, 'idNumber', result);
      if (result.fields.ethnicity.uncertain) result = await ethnicityBeside(rec, front, build, result);
      if (!looksFront && !numberConfirmed(result.fields)) throw new OcrError(tooBlurredToRead([front.legibility]) ? 'too-blurry' : 'not-id-card');
      if (idCardTooBlurred(front.legibility, result.fields)) throw new OcrError('too-blurry');
      return { ...result, timingMs: Math.round(performance.now() - started) };
    },

    async readLicence(image, progress) {
      const started = performance.now();
      const m = await detector;
      // The fields are built once for a page that no second reading changed.
      const built = licenceBuilder();
      const build = (s: Side) => built(s.page);
      /** The side's fields or why it is refused; `last`: no other reading of the picture follows (see licenceTooBlurred). */
      const licenceOf = async (s: Side, last: boolean): Promise<LicenceResult | OcrErrorCode> => {
        if (!looksLikeLicence(s.page)) return tooBlurredToRead([s.legibility]) ? 'too-blurry' : 'not-licence';
        const named = await withPersonReadAgain(rec, s.img, s.boxes, s.legibility.blur);
        if (named) s = sideOf(s.img, named, s.direction, s.legibility);
        let result = build(s);
        if (result.fields.uscc.uncertain) result = await secondOpinion(reader, s, numberBox(s, USCC_CHARS, 17), USCC_CHARS, build, 'uscc', result);
        return licenceTooBlurred(s.legibility, result.fields, last) ? 'too-blurry' : result;
      };
      /** The picture read as a licence, and whether any reading of it showed one (its labels, title or code). */
      const readPicture = async (pixels: RgbImage, say: typeof progress): Promise<{ result: LicenceResult | OcrErrorCode; seen: boolean }> => {
        // The business scope and footer are not read when the labels show where they lie; only lines that hold a
        // field are read a second time when the first reading found them all.
        const opts = { ...READ_TEXT_DEFAULTS, linesToRead: licenceLinesToRead, worthReadingAgain: licenceLinesWorthReadingAgain(built) };
        const [side] = (await readSides(m, rec, [pixels], () => say('recognising', 0.2), opts)) as [Side];
        say('extracting', 0.9);
        let seen = looksLikeLicence(side.page);
        const blur = side.legibility.blur;
        let result = await licenceOf(side, !blur);
        // Before a shaken photo is refused, it is read once more with the shake taken out of the whole picture
        // (boxes found anew there, 0.5–1 s of CPU): a retake costs the teller more. However unsure the first
        // reading was: on development shaken photos a first reading with six fields uncertain and three right came
        // out with all seven right (three doubted) once the shake was taken out and its lines found anew.
        if (result === 'too-blurry' && blur) {
          const again = await readPictureDeblurred(m, rec, side.img, side.boxes, blur);
          const clear = sideOf(side.img, again.boxes, again.direction, { blur, lineHeight: medianLineHeight(again.boxes.map((b) => b.rect.h)) });
          seen ||= looksLikeLicence(clear.page);
          result = await licenceOf(clear, true);
        }
        return { result, seen };
      };
      const first = await readPicture(image.pixels, progress);
      let result = first.result;
      // No licence seen at all: the orientation classifier may have turned an upright page over (its vote over
      // small blurred lines leans to "upside down": two of 48 development shaken photos read as Latin letters and
      // were refused as no licence). Read turned over, the page is then read as it stands.
      if (!first.seen && typeof result === 'string') result = (await readPicture(turnedOver(image.pixels), () => undefined)).result;
      if (typeof result === 'string') throw new OcrError(result);
      return { ...result, timingMs: Math.round(performance.now() - started) };
    },

    async close() {
      await Promise.all([reader.close(), rec.close()]);
      const m = await detector.catch(() => undefined);
      await Promise.all([m?.det.release(), m?.cls.release()]);
    },
  };
}

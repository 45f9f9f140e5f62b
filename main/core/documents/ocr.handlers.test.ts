import { describe, expect, it } from 'vitest';
import { messages } from '../../../i18n/messages';
import { ApiError } from '../api/errors';
import type { CallContext } from '../api/handlers';
import { CoreEvents } from '../events';
import { OcrError, ocrErrorMessages, type OcrErrorCode } from '../ocr/errors';
import type { OcrService } from '../ocr/ocr-service';
import { LazyOcr, ocrHandlers } from './ocr.handlers';

const ctx: CallContext = { actor: { staffNo: 'T001', name: '柜员', roles: ['teller'], branch: 'HM01', token: 't' }, device: 'D', now: new Date(), address: 'local' };
const noPouch = {} as PouchDB.Database<object>;

async function apiErrorOf(p: Promise<unknown>): Promise<ApiError['body']> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e.body;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('recognition refuses bad input before the engine starts', () => {
  // The factory throws, so any test that reached the engine would fail with that error instead of the OCR code.
  const engineMustNotStart = () => new LazyOcr(() => {
    throw new Error('the OCR engine was started for input that should have been refused');
  });

  it.each<[string, Buffer, OcrErrorCode]>([
    ['a PDF', Buffer.from('%PDF-1.4\n%âãÏÓ\n'), 'pdf'],
    ['an iPhone HEIC photo', Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypheic'), ...Buffer.alloc(16)]), 'heic'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00......'), 'unsupported-format'],
    ['a text file', Buffer.from('姓名 张三 公民身份号码 11010519491231002X'), 'unsupported-format'],
    ['an empty file', Buffer.alloc(0), 'empty'],
  ])('%s → %s, with the Chinese message and the image slot', async (_what, bytes, code) => {
    const h = ocrHandlers({ pouch: noPouch, events: new CoreEvents() }, engineMustNotStart());
    const err = await apiErrorOf(h['ocr.recognizeIdCard']({ front: bytes.toString('base64') }, ctx));
    expect(err).toMatchObject({ code: 'VALIDATION', key: `ocr.error.${code}`, message: ocrErrorMessages(code).messageZh, detail: { ocrCode: code } });
    expect(err.fields?.[0]?.path).toBe('front');
  });

  it('names the back side when only the back is wrong, and the licence image for licences', async () => {
    const h = ocrHandlers({ pouch: noPouch, events: new CoreEvents() }, engineMustNotStart());
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(64)]);
    const back = await apiErrorOf(h['ocr.recognizeIdCard']({ front: png.toString('base64'), back: Buffer.from('%PDF-1.7').toString('base64') }, ctx));
    expect(back.fields?.[0]).toMatchObject({ path: 'back', key: 'ocr.error.pdf' });
    const lic = await apiErrorOf(h['ocr.recognizeLicence']({ image: Buffer.alloc(21 * 1024 * 1024).toString('base64') }, ctx));
    expect(lic).toMatchObject({ key: 'ocr.error.too-large', fields: [{ path: 'image' }] });
  });

  it('maps an engine failure to UNAVAILABLE and starts a fresh engine on the next call', async () => {
    let created = 0;
    const broken: OcrService = {
      recognizeIdCard: () => Promise.reject(new OcrError('engine-failed', 'worker crashed')),
      recognizeLicence: () => Promise.reject(new OcrError('engine-failed')),
      ready: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const lazy = new LazyOcr(() => {
      created += 1;
      return broken;
    });
    expect(lazy.loaded).toBe(false);
    const h = ocrHandlers({ pouch: noPouch, events: new CoreEvents() }, lazy);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(64)]).toString('base64');
    const err = await apiErrorOf(h['ocr.recognizeIdCard']({ front: png }, ctx));
    expect(err).toMatchObject({ code: 'UNAVAILABLE', key: 'ocr.error.engine-failed', message: '识别引擎出错，请手工录入或稍后重试' });
    expect(lazy.loaded).toBe(false);
    await apiErrorOf(h['ocr.recognizeIdCard']({ front: png }, ctx));
    expect(created).toBe(2);
    await lazy.close();
    await expect(apiErrorOf(h['ocr.recognizeIdCard']({ front: png }, ctx))).resolves.toMatchObject({ key: 'ocr.error.closed' });
    expect(created).toBe(2);
  });
});

describe('OCR error texts', () => {
  it('are the same in the dictionaries as in the OCR service, in both languages', () => {
    const codes = Object.keys(messages['zh-CN']).filter((k) => k.startsWith('ocr.error.')).map((k) => k.slice('ocr.error.'.length) as OcrErrorCode);
    expect(codes.length).toBe(13);
    for (const code of codes) {
      expect(messages['zh-CN'][`ocr.error.${code}`]).toBe(ocrErrorMessages(code).messageZh);
      expect(messages.en[`ocr.error.${code}`]).toBeTruthy();
    }
  });
});

import { z } from 'zod';

/** `jingwei ocr` arguments, in a module of their own: loaded after the OCR worker has started (see ocr.ts). */
export const OcrArgs = z.discriminatedUnion('doc', [
  z.object({ doc: z.literal('id-card'), files: z.array(z.string().min(1)).min(1, '请给出身份证人像面图片 FRONT.png').max(2, '最多两张图片：人像面和国徽面'), json: z.boolean() }),
  z.object({ doc: z.literal('licence'), files: z.array(z.string().min(1)).length(1, '请给出一张营业执照图片'), json: z.boolean() }),
]);

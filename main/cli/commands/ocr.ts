import { readFile, stat } from 'node:fs/promises';
import { createOcrService, OcrError, type OcrService } from '../../core/ocr/ocr-service';
import { MAX_BYTES, sniffImage } from '../../core/ocr/input-check';
import type { CliCommand } from '../command';

const USAGE = [
  '用法 Usage:',
  '  jingwei ocr id-card FRONT.png [BACK.png] [--json]',
  '  jingwei ocr licence IMG [--json]',
  '',
  '识别居民身份证或营业执照，输出字段、置信度、校验结果和耗时。',
  'Recognises a resident ID card or business licence; prints fields, confidences, checks and timing.',
].join('\n');

async function readImage(path: string): Promise<Buffer> {
  const s = await stat(path).catch(() => undefined);
  if (!s?.isFile()) throw new OcrError('not-found', path);
  // Refuse before reading: a multi-gigabyte file should not be pulled into memory to be rejected.
  if (s.size > MAX_BYTES) throw new OcrError('too-large', path);
  const buf = await readFile(path);
  sniffImage(buf);
  return buf;
}

export const ocrCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const json = argv.includes('--json');
    const [doc, ...files] = argv.filter((a) => a !== '--json');
    // The OCR worker starts loading its models first, while the arguments are checked (zod alone takes a tenth
    // of a second to load) and the files read; a call that is plainly wrong starts nothing.
    // JINGWEI_OCR_ENGINE=tesseract: the first engine, for bench/ocr.bench.ts's side-by-side baseline only.
    const engine = process.env.JINGWEI_OCR_ENGINE === 'tesseract' ? 'tesseract' : 'pp-ocr';
    const service: OcrService | undefined = (doc === 'id-card' || doc === 'licence') && files.length > 0 ? createOcrService({ oneShot: true, engine }) : undefined;
    try {
      const { OcrArgs } = await import('./ocr-args');
      const parsed = OcrArgs.safeParse({ doc, files, json });
      if (!parsed.success || !service) {
        console.error(`参数错误：${parsed.success ? '' : parsed.error.issues.map((i) => i.message).join('；')}\n\n${USAGE}`);
        return 2;
      }
      const args = parsed.data;
      const images = await Promise.all(args.files.map(readImage));
      const started = performance.now();
      const result = args.doc === 'id-card' ? await service.recognizeIdCard(images[0]!, images[1]) : await service.recognizeLicence(images[0]!);
      const wallMs = Math.round(performance.now() - started);
      if (args.json) {
        console.log(JSON.stringify({ ...result, wallMs }, null, 2));
      } else {
        for (const [name, f] of Object.entries(result.fields)) {
          const flag = f.uncertain ? ' ?' : '';
          const fix = f.corrected ? `  （已修正，原为“${f.corrected.from}”：${f.corrected.messageZh}）` : '';
          console.log(`${name.padEnd(20)} ${f.value}  [${f.confidence}]${flag}${fix}`);
        }
        for (const c of result.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.messageZh}`);
        console.log(`耗时 ${result.timingMs} ms`);
      }
      return 0;
    } catch (e) {
      if (e instanceof OcrError) {
        if (json) console.log(JSON.stringify({ error: { code: e.code, messageZh: e.messageZh, messageEn: e.messageEn, detail: e.detail } }));
        console.error(`识别失败：${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      await service?.close();
    }
  },
};

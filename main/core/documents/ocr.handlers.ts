import { differencesFrom, factsFromCustomer, type RecordFacts } from '../../../domain/documents/document-fields';
import type { DocumentKind } from '../../../domain/ocr';
import { translate } from '../../../i18n/translate';
import type { Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { CustomerDoc } from '../customers/customers.service';
import { OcrError, type OcrService } from '../ocr/ocr-service';
import type { OcrStage } from '../ocr/protocol';
import type { documentsContract, Recognition } from './documents.contract';
import { asApiErrors } from './ocr-errors';
import { decodeImage } from './images';
import type { ServiceDeps } from '../service-deps';

type OcrMethods = Pick<typeof documentsContract, 'ocr.recognizeIdCard' | 'ocr.recognizeLicence'>;

export type OcrDeps = Pick<ServiceDeps, 'pouch' | 'events'>;

/** The engine on demand: loaded on first use, dropped after a crash so the next call starts a fresh one. */
export class LazyOcr {
  private service: OcrService | null = null;
  private closed = false;

  constructor(private readonly create: () => OcrService) {}

  get(): OcrService {
    if (this.closed) throw new OcrError('closed');
    this.service ??= this.create();
    return this.service;
  }

  /** Runs a recognition; when the worker itself failed, the broken instance is retired. */
  async run<T>(task: (s: OcrService) => Promise<T>): Promise<T> {
    const s = this.get();
    try {
      return await task(s);
    } catch (e) {
      if (e instanceof OcrError && (e.code === 'engine-failed' || e.code === 'closed') && this.service === s && !this.closed) {
        this.service = null;
        void s.close().catch(() => undefined);
      }
      throw e;
    }
  }

  get loaded(): boolean {
    return this.service !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.service;
    this.service = null;
    await s?.close();
  }
}

export function ocrHandlers(deps: OcrDeps, ocr: LazyOcr): Handlers<OcrMethods> {
  async function facts(kind: DocumentKind, customerId: string | undefined, draft: RecordFacts | undefined): Promise<RecordFacts> {
    if (!customerId) return draft ?? {};
    try {
      return factsFromCustomer(kind, (await deps.pouch.get(customerId)) as unknown as CustomerDoc);
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('customer.notFound') });
      throw e;
    }
  }

  const progress = (requestId: string | undefined) =>
    requestId ? (stage: OcrStage, p: number) => deps.events.emit('ocr.progress', { requestId, stage, progress: p }) : undefined;

  function result(
    requestId: string | undefined,
    r: Omit<Recognition, 'requestId' | 'differences' | 'wallMs'>,
    f: RecordFacts,
    started: number,
  ): Recognition {
    const values = Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.value]));
    return {
      requestId: requestId ?? null, kind: r.kind, fields: r.fields, checks: r.checks, timingMs: r.timingMs,
      differences: differencesFrom(r.kind, values, f),
      wallMs: Math.round(performance.now() - started),
    };
  }

  return {
    'ocr.recognizeIdCard': async ({ front, back, requestId, customerId, draft }) => {
      const started = performance.now();
      // Bad input is refused before the engine is even loaded, and before the customer is looked up.
      const f = await asApiErrors(() => decodeImage('front', front), 'front');
      const b = back !== undefined ? await asApiErrors(() => decodeImage('back', back), 'back') : undefined;
      const known = await facts('id-card', customerId, draft);
      const r = await asApiErrors(() => ocr.run((s) => s.recognizeIdCard(f.bytes, b?.bytes, { onProgress: progress(requestId) })), 'front');
      return result(requestId, r, known, started);
    },

    'ocr.recognizeLicence': async ({ image, requestId, customerId, draft }) => {
      const started = performance.now();
      const img = await asApiErrors(() => decodeImage('licence', image), 'image');
      const known = await facts('licence', customerId, draft);
      const r = await asApiErrors(() => ocr.run((s) => s.recognizeLicence(img.bytes, { onProgress: progress(requestId) })), 'image');
      return result(requestId, r, known, started);
    },
  };
}

import sharp from 'sharp';
import { monotonicFactory } from 'ulid';
import { getSqlite } from '../../../db/projection';
import {
  blockingFailures, CHECK_FIELD, checkValues, differencesFrom, factsFromCustomer, holderField, type DocumentValues, type Verdict,
} from '../../../domain/documents/document-fields';
import { translate } from '../../../i18n/translate';
import { actorOf, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { FieldError } from '../api/errors';
import type { CustomerDoc } from '../customers/customers.service';
import type { DocumentDoc } from './document-doc';
import type { documentsContract, SavedDocument } from './documents.contract';
import { documentsOf, type DocumentIndexRow } from './documents.projection';
import { assertDecodable, decodeImage, type CheckedImage } from './images';
import { asApiErrors } from './ocr-errors';
import type { ServiceDeps } from '../service-deps';

type StoreMethods = Pick<typeof documentsContract, 'documents.saveVerdict' | 'documents.list' | 'documents.image'>;

export type DocumentStoreDeps = Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch'>;

function fieldError(path: string, key: string, params: Record<string, string | number> = {}, message = translate(key, params)): FieldError {
  return { path, key, params, message };
}

function saved(row: DocumentIndexRow): SavedDocument {
  const body = JSON.parse(row.body_json) as Omit<SavedDocument, 'id' | 'customerId' | 'createdAt' | 'createdBy'>;
  return { ...body, id: row.id, customerId: row.customer_id, createdAt: row.created_at, createdBy: row.created_by };
}

/**
 * Refuses a verdict that cannot stand: a rejection needs its reason, an acceptance needs the holder's name and
 * every check passed on the values the teller ended up with (the core re-runs them; the page is not trusted).
 */
export function assertVerdict(kind: SavedDocument['kind'], verdict: Verdict, fields: DocumentValues, reason: string | undefined, now: Date) {
  const checks = checkValues(kind, fields, now);
  if (verdict === 'rejected') {
    if (!reason) throw apiError('VALIDATION', 'documents.reasonRequired', {}, { fields: [fieldError('reason', 'documents.reasonRequired')] });
    return checks;
  }
  const problems: FieldError[] = [];
  const holder = holderField(kind);
  if (!fields[holder]?.trim()) problems.push(fieldError(`fields.${holder}`, 'documents.holderRequired', { field: translate(`documents.field.${holder}`) }));
  for (const c of blockingFailures(checks)) problems.push(fieldError(`fields.${CHECK_FIELD[c.code]}`, 'documents.checkFailed', { check: c.messageZh }));
  if (problems.length) throw apiError('VALIDATION', 'documents.notAcceptable', { count: problems.length }, { fields: problems });
  return checks;
}

export function documentStoreHandlers(deps: DocumentStoreDeps): Handlers<StoreMethods> {
  const sql = getSqlite(deps.pouch);
  const newId = monotonicFactory();

  async function customer(id: string): Promise<CustomerDoc> {
    try {
      const doc = (await deps.pouch.get(id)) as unknown as CustomerDoc;
      if (doc.type !== 'customer') throw Object.assign(new Error('not a customer'), { status: 404 });
      return doc;
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('customer.notFound') });
      throw e;
    }
  }

  return {
    'documents.saveVerdict': async (args, ctx) => {
      const actor = actorOf(ctx);
      const fields: DocumentValues = { ...args.fields };
      // Images first: a PDF or an oversized photo is refused before anything else is looked at or written.
      const images: CheckedImage[] = [];
      for (const [slot, b64] of Object.entries(args.images)) {
        if (b64 === undefined) continue;
        const img = await asApiErrors(() => decodeImage(slot, b64), `images.${slot}`);
        await asApiErrors(() => assertDecodable(img), `images.${slot}`);
        images.push(img);
      }
      const checks = assertVerdict(args.kind, args.verdict, fields, args.reason, ctx.now);

      return deps.writes.run(async () => {
        const c = await customer(args.customerId);
        const differences = differencesFrom(args.kind, fields, factsFromCustomer(args.kind, c));
        const at = ctx.now.toISOString();
        const doc: DocumentDoc = {
          _id: `document:${newId()}`, type: 'document', branch: deps.branch, customerId: args.customerId, kind: args.kind,
          verdict: args.verdict, ...(args.reason ? { reason: args.reason } : {}), fields,
          ...(args.recognised ? { recognised: args.recognised } : {}),
          checks, differences, createdAt: at, createdBy: actor.staffNo, createdByName: actor.name, device: deps.audit.device,
          _attachments: Object.fromEntries(images.map((i) => [i.name, { content_type: i.contentType, data: i.bytes.toString('base64') }])),
        };
        const holder = holderField(args.kind);
        const key = args.kind === 'id-card' ? 'idNumber' : 'uscc';
        // Filed under the customer, so the verdict shows in the customer's own history.
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: `document.${args.verdict}`, entity: args.customerId, at, before: null,
          after: {
            document: doc._id, documentKind: args.kind, verdict: args.verdict, [holder]: fields[holder] ?? '', [key]: fields[key] ?? '',
            ...(args.reason ? { reason: args.reason } : {}),
          },
        });
        const [res] = await deps.pouch.bulkDocs([doc as unknown as object, entry]);
        if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
        deps.events.emit('document.saved', { id: doc._id, customerId: args.customerId });
        const row = documentsOf(sql, args.customerId).find((r) => r.id === doc._id);
        if (!row) throw new Error(`document ${doc._id} missing from its projection after the write`);
        return saved(row);
      });
    },

    'documents.list': async ({ customerId }) => documentsOf(sql, customerId).map(saved),

    'documents.image': async ({ id, name, width }) => {
      let doc: DocumentDoc;
      let data: Buffer;
      try {
        doc = (await deps.pouch.get(id)) as unknown as DocumentDoc;
        if (!doc._attachments?.[name]) throw Object.assign(new Error('no such image'), { status: 404 });
        data = (await deps.pouch.getAttachment(id, name)) as unknown as Buffer;
      } catch (e) {
        if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('documents.image') });
        throw e;
      }
      if (!width) return { contentType: doc._attachments[name]!.content_type, data: Buffer.from(data).toString('base64') };
      // Thumbnails for the list: a few kilobytes instead of the megabyte scan, made when asked.
      const thumb = await sharp(data).rotate().resize({ width, withoutEnlargement: true }).jpeg({ quality: 78 }).toBuffer();
      return { contentType: 'image/jpeg', data: thumb.toString('base64') };
    },
  };
}

import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { videoScriptOf } from '../../../domain/credit/rules';
import { checklistCoverage, INVESTIGATION_STATES, investigationStatementSchema, type InvestigationStatement } from '../../../domain/video/investigation-statement';
import { translate } from '../../../i18n/translate';
import { verifyDoc } from '../../../trust/signature';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import type { creditContract, InvestigationEvidenceView } from './credit.contract';
import type { ApplicationDoc, InvestigationRecordDoc } from './credit.docs';
import { mediaClient, reasonOf, type MediaServerConfig } from './media-client';
import type { ServiceDeps } from '../service-deps';

// 视频防伪调查 from the branch's side: the host opens the application's investigation room at head office with the
// product's checklist, and afterwards brings back head office's signed statement of the snapshots (its times, the
// phone's places, each picture's digest) with the pictures, as one append-only record on the application. What the
// branch head's screen shows is checked again on every read: a record whose statement or pictures were changed at the
// branch is shown as not verified, never as evidence.

type Methods = 'loans.investigationRoom' | 'loans.investigationSave' | 'loans.investigationEvidence';

export interface VideoInvestigationDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'device' | 'trust' | 'reference'> {
  media: MediaServerConfig | null;
  fetch?: typeof fetch;
}

const RECORD_PREFIX = 'loan-investigation:';
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const pictureName = (n: number) => `${n}.jpg`;

export function videoInvestigationHandlers(deps: VideoInvestigationDeps): Pick<Handlers<typeof creditContract>, Methods> {
  const { ask, openRoom } = mediaClient(deps.media, deps.fetch);
  const newId = monotonicFactory();
  const roomId = (id: string) => `investigation:${id}`;
  const loadApp = async (id: string) => {
    try {
      return (await deps.pouch.get(id)) as ApplicationDoc;
    } catch {
      throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('credit.application') });
    }
  };

  /** The application's records, newest first (ids are ULIDs). */
  async function records(applicationId: string): Promise<InvestigationRecordDoc[]> {
    const all = await deps.pouch.allDocs({ startkey: RECORD_PREFIX, endkey: `${RECORD_PREFIX}\uffff`, include_docs: true });
    return all.rows
      .map((r) => r.doc as unknown as InvestigationRecordDoc)
      .filter((d) => d?.type === 'loan-investigation' && d.applicationId === applicationId)
      .reverse();
  }

  async function view(doc: InvestigationRecordDoc): Promise<InvestigationEvidenceView> {
    const statement = investigationStatementSchema.safeParse(doc.statement);
    const signed = statement.success && !!deps.trust && verifyDoc(doc.statement, deps.trust) && doc.statement.applicationId === doc.applicationId;
    const s: InvestigationStatement = doc.statement;
    const labels = new Map(s.checklist.map((c) => [c.code, c.label]));
    const snapshots = await Promise.all(s.snapshots.map(async (snap) => {
      const bytes = await deps.pouch.getAttachment(doc._id, pictureName(snap.n)).then((b) => new Uint8Array(b as unknown as Buffer), () => null);
      return {
        ...snap, label: labels.get(snap.item) ?? snap.item,
        dataBase64: bytes ? Buffer.from(bytes).toString('base64') : '', intact: !!bytes && sha256(bytes) === snap.digest,
      };
    }));
    return {
      recordId: doc._id, savedAt: doc.createdAt, savedBy: doc.createdBy, savedByName: doc.createdByName,
      verified: signed && snapshots.every((p) => p.intact),
      checklist: checklistCoverage(s.checklist, s.snapshots), snapshots,
    };
  }

  return {
    'loans.investigationRoom': async ({ id }) => {
      const app = await loadApp(id);
      if (!INVESTIGATION_STATES.includes(app.state)) throw apiError('CONFLICT', 'credit.investigationClosed', { state: translate(`credit.state.${app.state}`) });
      // What the customer is asked to show is the product's, from the rule set in force.
      const { ruleSet } = await deps.reference.latestRuleSet(app.productCode);
      const checklist = videoScriptOf(ruleSet).investigation.map((c) => ({ code: c.code, label: c.label.zh }));
      // The customer's phone on file, when there is one: head office texts the join link there if the desk asks.
      const { phone } = (await deps.pouch.get(app.customerId)) as { phone?: string };
      return openRoom({ applicationId: id, purpose: 'investigation', checklist, ...(phone && /^1\d{10}$/.test(phone) ? { customerPhone: phone } : {}) });
    },

    'loans.investigationSave': async ({ id }, ctx) => {
      const actor = actorOf(ctx);
      const app = await loadApp(id);
      const answer = await ask(`/media/rooms/${roomId(id)}/snapshots`);
      if (answer.status === 404) throw apiError('CONFLICT', 'credit.investigationNoSnapshots');
      if (!answer.ok) throw apiError('UNAVAILABLE', 'credit.videoRefused', { reason: await reasonOf(answer) });
      const parsed = investigationStatementSchema.safeParse(await answer.json().catch(() => null));
      // Checked before anything is written: a statement head office did not sign for this application is not kept.
      if (!parsed.success || !deps.trust || !verifyDoc(parsed.data, deps.trust) || parsed.data.applicationId !== id) {
        throw apiError('VALIDATION', 'credit.investigationInvalid');
      }
      const statement = parsed.data;
      if (statement.snapshots.length === 0) throw apiError('CONFLICT', 'credit.investigationNoSnapshots');
      const attachments: NonNullable<InvestigationRecordDoc['_attachments']> = {};
      for (const snap of statement.snapshots) {
        const file = await ask(`/media/rooms/${roomId(id)}/snapshots/${snap.n}`);
        const bytes = file.ok ? new Uint8Array(await file.arrayBuffer()) : null;
        if (!bytes || sha256(bytes) !== snap.digest) throw apiError('VALIDATION', 'credit.investigationInvalid');
        attachments[pictureName(snap.n)] = { content_type: 'image/jpeg', data: Buffer.from(bytes).toString('base64') };
      }
      const doc: InvestigationRecordDoc = {
        _id: `${RECORD_PREFIX}${newId()}`, type: 'loan-investigation', branch: deps.branch, applicationId: app._id, statement,
        createdAt: ctx.now.toISOString(), createdBy: actor.staffNo, createdByName: actor.name, device: deps.device, _attachments: attachments,
      };
      // The record and its audit entry (naming every picture's digest) are one bulkDocs.
      await deps.writes.run(async () => {
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: 'loan.videoInvestigation', entity: app._id, at: ctx.now.toISOString(), before: null,
          after: { recordId: doc._id, snapshots: statement.snapshots.map((s) => ({ n: s.n, item: s.item, at: s.at, digest: s.digest })) },
        });
        const results = await deps.pouch.bulkDocs([doc, entry] as object[]);
        if (results.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
      });
      deps.events.emit('loan.changed', { id: app._id, state: app.state });
      return view((await deps.pouch.get(doc._id)) as unknown as InvestigationRecordDoc);
    },

    'loans.investigationEvidence': async ({ id }) => {
      const [newest] = await records(id);
      return newest ? view(newest) : null;
    },
  };
}

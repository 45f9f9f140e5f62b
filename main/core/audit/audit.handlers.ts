import { translate, type Lang, type Params } from '../../../i18n/translate';
import { actorOf, type Handlers } from '../api/handlers';
import type { WriteQueue } from '../write-queue';
import type { AuditLog } from './audit-log';
import type { AuditBreakView, AuditVerification, Bilingual, auditContract } from './audit.contract';
import type { Anchor, AuditBreak } from './verify';

const LANGS: Lang[] = ['zh-CN', 'en'];
const both = (key: string, params: (lang: Lang) => Params): Bilingual =>
  Object.fromEntries(LANGS.map((lang) => [lang, translate(key, params(lang), lang)])) as Bilingual;

/** "第 5 条" / "entry #5", "第 5–9 条" / "entries #5–#9". */
const entriesText = (b: AuditBreak, lang: Lang) =>
  b.seq === b.toSeq ? translate('audit.entries.one', { seq: b.seq }, lang) : translate('audit.entries.range', { seq: b.seq, toSeq: b.toSeq }, lang);

export function describeBreak(b: AuditBreak, keyedFrom: number | null): AuditBreakView {
  const messageKey = `audit.break.${b.kind}`;
  const params = { device: b.device, seq: b.seq, toSeq: b.toSeq, keyedFrom: keyedFrom ?? '' };
  return { ...b, messageKey, params, message: both(messageKey, (lang) => ({ ...params, entries: entriesText(b, lang) })) };
}

export interface AuditDeps {
  audit: AuditLog;
  writes: WriteQueue;
  clock: () => Date;
  /**
   * The anchors head office holds for this device, read over the branch database's HTTP API; null without a
   * configured head office. Rejects when head office cannot be reached.
   */
  headOfficeAnchors: (() => Promise<Anchor[]>) | null;
}

export function auditHandlers(deps: AuditDeps): Handlers<typeof auditContract> {
  return {
    'audit.verify': async () => {
      let headOffice: AuditVerification['headOffice'] = 'not-configured';
      let remote: Anchor[] = [];
      if (deps.headOfficeAnchors) {
        try {
          remote = await deps.headOfficeAnchors();
          headOffice = 'checked';
        } catch {
          headOffice = 'unreachable';
        }
      }
      const report = await deps.audit.verify(remote);
      const devices = report.devices.map((d) => ({
        device: d.device, thisDevice: d.device === deps.audit.device, entries: d.entries, lastSeq: d.lastSeq,
        keyedFrom: d.keyedFrom, anchoredThrough: d.anchoredThrough, brokenAt: d.breaks[0]?.seq ?? null,
        breaks: d.breaks.map((b) => describeBreak(b, d.keyedFrom)),
      }));
      const index = { rows: report.index.rows, breaks: report.index.breaks.map((b) => describeBreak(b, null)) };
      const count = devices.reduce((n, d) => n + d.breaks.length, index.breaks.length);
      const entries = devices.reduce((n, d) => n + d.entries, 0);
      const summary = count
        ? both('audit.summary.broken', () => ({ count }))
        : both('audit.summary.ok', () => ({ entries, devices: devices.length }));
      return { ok: count === 0, checkedAt: deps.clock().toISOString(), headOffice, devices, index, summary };
    },

    'audit.rotateKey': async (_args, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const before = deps.audit.keyring.current.id;
        const key = await deps.audit.rotateKey(ctx.now);
        // The first entry under the new key says which key it replaced, so the change is itself on record.
        await deps.audit.append({
          actor: actor.staffNo, actorName: actor.name, action: 'audit.rotateKey', entity: `device:${deps.audit.device}`,
          at: ctx.now.toISOString(), before: { keyId: before }, after: { keyId: key.id, fromSeq: key.fromSeq },
        });
        return { keyId: key.id, fromSeq: key.fromSeq };
      });
    },
  };
}

import { translate, type Lang, type Params } from '../../../i18n/translate';
import { branchDayBounds } from '../../../domain/time/branch-time';
import type { customerQueries } from '../../../db/queries/customers';
import { actorOf, type Handlers } from '../api/handlers';
import { changesOf } from './audit-log';
import { AUDIT_PAGE, CUSTOMER_VIEW_ACTION, type AuditBreakView, type AuditEntries, type AuditVerification, type Bilingual, type auditContract } from './audit.contract';
import type { Anchor, AuditBreak } from './verify';
import type { ServiceDeps } from '../service-deps';

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

export interface AuditDeps extends Pick<ServiceDeps, 'audit' | 'writes' | 'timeZone' | 'clock'> {
  /**
   * The anchors head office holds for this device, read over the branch database's HTTP API; null without a
   * configured head office. Rejects when head office cannot be reached.
   */
  headOfficeAnchors: (() => Promise<Anchor[]>) | null;
  /** The branch's customers, to find the one the audit screen asks about and to name entries' customers. */
  customers: Pick<ReturnType<typeof customerQueries>, 'search' | 'namesOf'>;
}

const CUSTOMER_MATCHES = 10;

/** `audit.entries`: the filter's customers first (by id or as the customer search finds them), then the checked rows. */
async function browse(deps: AuditDeps, args: { customer?: string; staffNo?: string; day?: string; viewsOnly?: boolean }): Promise<AuditEntries> {
  let customers: AuditEntries['customers'] = null;
  if (args.customer !== undefined) {
    const byId = deps.customers.namesOf([args.customer]);
    customers = byId.size
      ? [...byId].map(([id, name]) => ({ id, name }))
      : deps.customers.search(args.customer, CUSTOMER_MATCHES).map((r) => ({ id: r.id, name: r.name }));
    if (!customers.length) return { entries: [], truncated: false, customers };
  }
  const bounds = args.day ? branchDayBounds(args.day, deps.timeZone) : null;
  const { rows, truncated } = await deps.audit.entries({
    entities: customers?.map((c) => c.id), actor: args.staffNo, action: args.viewsOnly ? CUSTOMER_VIEW_ACTION : undefined,
    from: bounds?.from, to: bounds?.to, limit: AUDIT_PAGE,
  });
  const names = deps.customers.namesOf([...new Set(rows.map((r) => r.entity))]);
  const entries = rows.map((r) => ({
    id: r.id, device: r.device, seq: r.seq, at: r.at, actor: r.actor, actorName: r.actorName, action: r.action,
    entity: r.entity, entityName: names.get(r.entity) ?? null, integrity: r.integrity,
    changes: changesOf(r),
  }));
  return { entries, truncated, customers };
}

export function auditHandlers(deps: AuditDeps): Handlers<typeof auditContract> {
  return {
    'audit.entries': (args) => browse(deps, args),

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

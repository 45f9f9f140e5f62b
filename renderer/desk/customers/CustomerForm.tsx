import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { INDIVIDUAL_GROUPS, formatBpAsPercent, type CustomerKind } from '../../../domain/customers/customer';
import { normalizeResidentId, validateResidentId } from '../../../domain/identity/resident-id';
import { normalizeUscc } from '../../../domain/identity/uscc';
import type { ApiArgs } from '../../../main/core/api/contract';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { api, ApiCallError } from '../../api/client';
import { Dialog } from '../Dialog';
import { moveToNextField } from '../form-keys';
import { OcrPanel, type PendingVerdict } from '../documents/OcrPanel';
import { useShortcuts } from '../shortcuts';
import { describeError, describeFieldError, describeIssue, fieldLabel, type ShownIssue, errorText } from '../labels';
import {
  checkDraft, draftFromRecord, draftToFields, emptyDraft, newShareholderRow, totalShareBp,
  type CustomerDraft, type ShareholderDraft,
} from './form-model';

interface Props {
  mode: 'create' | 'edit';
  record?: CustomerRecord;
  onCancel(): void;
  /** `notice` says what else happened, e.g. that the scanned document could not be kept. */
  onSaved(record: CustomerRecord, notice?: string): void;
  onOpenExisting(id: string): void;
}

type TextField = 'name' | 'idNumber' | 'uscc' | 'legalRepresentative' | 'phone' | 'address' | 'village' | 'note';

export const fieldDomId = (path: string) => `cf-${path.replace(/\./g, '-')}`;

interface Duplicate {
  id: string;
  name: string;
}

/**
 * New / edit customer. Domain rules run as the teller types (shown once a field is left or on save); the core
 * re-checks and its field errors land on the same fields. Enter moves to the next field, Ctrl+S saves.
 */
export function CustomerForm({ mode, record, onCancel, onSaved, onOpenExisting }: Props) {
  const { t } = useTranslation();
  const initial = useMemo(() => (record ? draftFromRecord(record) : emptyDraft()), [record]);
  const [draft, setDraft] = useState<CustomerDraft>(initial);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<ShownIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [scanOpen, setScanOpen] = useState(false);
  const [pendingScan, setPendingScan] = useState<PendingVerdict | null>(null);
  const [scanNotice, setScanNotice] = useState<string | null>(null);

  const dirty = JSON.stringify(draftToFields(draft)) !== JSON.stringify(draftToFields(initial));
  const localIssues = useMemo(() => checkDraft(draft, new Date()).map((i) => describeIssue(i, draft.kind, t)), [draft, t]);
  const shownLocal = localIssues.filter((i) => submitted || touched.has(i.path));
  const issuesFor = (path: string): ShownIssue[] => [
    ...serverIssues.filter((i) => i.path === path),
    ...shownLocal.filter((i) => i.path === path && !serverIssues.some((s) => s.path === path)),
  ];
  const errorCount = new Set([...localIssues.filter((i) => i.severity === 'error').map((i) => i.path), ...serverIssues.map((i) => i.path)]).size;

  function edited(path: string) {
    setConfirmDiscard(false);
    setFormError(null);
    setServerIssues((list) => (list.some((i) => i.path === path) ? list.filter((i) => i.path !== path) : list));
    if (duplicate && (path === 'idNumber' || path === 'uscc')) setDuplicate(null);
  }

  const setField = (field: TextField | 'group', value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    edited(field);
  };
  const touch = (path: string) => setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));

  const setRow = (index: number, patch: Partial<ShareholderDraft>, path: string) => {
    setDraft((d) => ({ ...d, shareholders: d.shareholders.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
    edited(path);
  };
  function addRow() {
    setDraft((d) => ({ ...d, shareholders: [...d.shareholders, newShareholderRow()] }));
    const index = draft.shareholders.length;
    // The new row exists after this render; focus its name so the teller keeps typing.
    requestAnimationFrame(() => document.getElementById(fieldDomId(`shareholders.${index}.name`))?.focus());
  }
  function removeRow(index: number) {
    setDraft((d) => ({ ...d, shareholders: d.shareholders.filter((_, i) => i !== index) }));
    // Row numbers shift, so touched marks and server messages for rows no longer line up.
    setTouched((s) => new Set([...s].filter((p) => !p.startsWith('shareholders.'))));
    setServerIssues((list) => list.filter((i) => !i.path.startsWith('shareholders')));
    setConfirmDiscard(false);
  }

  function focusPath(path: string) {
    const el = document.getElementById(fieldDomId(path));
    el?.focus();
  }

  async function save() {
    if (saving) return;
    setSubmitted(true);
    setFormError(null);
    const blocking = localIssues.filter((i) => i.severity === 'error');
    if (blocking.length) {
      focusPath(blocking[0]!.path);
      return;
    }
    setSaving(true);
    try {
      const customer = draftToFields(draft);
      const saved =
        mode === 'edit' && record
          ? await api.call('customers.update', { id: record.id, rev: record.rev, customer })
          : await api.call('customers.create', { customer });
      onSaved(saved, pendingScan ? await keepScan(saved.id, pendingScan) : undefined);
    } catch (e) {
      setSaving(false);
      if (!(e instanceof ApiCallError)) {
        setFormError(errorText(e, t));
        return;
      }
      const fields = (e.body.fields ?? []).map((f) => describeFieldError(f, draft.kind, t));
      setServerIssues(fields);
      if (e.body.code === 'DUPLICATE' && typeof e.body.detail?.existingId === 'string') {
        setDuplicate({ id: e.body.detail.existingId, name: String(e.body.detail.existingName ?? '') });
      }
      if (fields[0]) focusPath(fields[0].path);
      // The field messages say what is wrong; the banner says whether anything was saved (it was not).
      setFormError(
        e.body.code === 'VALIDATION' && fields.length
          ? t('error.VALIDATION', { count: fields.length })
          : t('desk.form.notSaved', { reason: describeError(e.body, t) }),
      );
    }
  }

  /** The scan's verdict goes with the customer once it exists; a failure here must not undo the customer. */
  async function keepScan(customerId: string, pending: PendingVerdict): Promise<string | undefined> {
    const { patch: _patch, ...verdict } = pending;
    try {
      await api.call('documents.saveVerdict', { ...verdict, customerId } as ApiArgs<'documents.saveVerdict'>);
      return undefined;
    } catch (e) {
      return t('ocr.ui.documentNotSaved', { reason: errorText(e, t) });
    }
  }

  function applyScan(pending: PendingVerdict) {
    const paths = Object.keys(pending.patch);
    setDraft((d) => ({ ...d, ...pending.patch }));
    paths.forEach((p) => {
      edited(p);
      touch(p);
    });
    setPendingScan(pending);
    setScanOpen(false);
    const labels = paths.map((p) => fieldLabel(p, draft.kind, t));
    setScanNotice(labels.length ? t('ocr.ui.filled', { fields: labels.join('、') }) : null);
  }

  function requestClose() {
    if (saving) return;
    if (dirty && !confirmDiscard) {
      setConfirmDiscard(true);
      return;
    }
    onCancel();
  }

  useShortcuts({ save: () => void save() });

  // Enter moves to the next field like the paper-form systems tellers know; it never submits by accident.
  const kind = draft.kind;
  const title = mode === 'create' ? t('desk.customer.new') : t('desk.customer.editTitle', { name: record?.name ?? '' });
  const total = totalShareBp(draft);

  const duplicateLink = duplicate ? (
    <button type="button" className="link-button" onClick={() => onOpenExisting(duplicate.id)} data-testid="duplicate-link">
      {t('desk.form.openExisting', { name: duplicate.name })} →
    </button>
  ) : null;

  const field = (path: TextField, label: string, opts: { required?: boolean; mono?: boolean; wide?: boolean; maxLength?: number; inputMode?: 'tel' | 'text'; extra?: ReactNode; autoFocus?: boolean } = {}) => (
    <FieldBox path={path} label={label} required={opts.required} issues={issuesFor(path)} wide={opts.wide} extra={opts.extra}
      after={(path === 'idNumber' || path === 'uscc') && duplicate ? duplicateLink : null}>
      <input
        id={fieldDomId(path)}
        data-autofocus={opts.autoFocus || undefined}
        className={opts.mono ? 'mono' : undefined}
        value={draft[path]}
        maxLength={opts.maxLength}
        inputMode={opts.inputMode}
        onChange={(e) => setField(path, e.target.value)}
        onBlur={() => {
          // Pasted full-width digits and spaces are shown cleaned as soon as the teller leaves the field.
          if (path === 'idNumber' && draft.idNumber) setDraft((d) => ({ ...d, idNumber: normalizeResidentId(d.idNumber) }));
          if (path === 'uscc' && draft.uscc) setDraft((d) => ({ ...d, uscc: normalizeUscc(d.uscc) }));
          touch(path);
        }}
        aria-invalid={issuesFor(path).some((i) => i.severity === 'error') || undefined}
        aria-describedby={issuesFor(path).length ? `${fieldDomId(path)}-msg` : undefined}
        aria-required={opts.required || undefined}
        autoComplete="off"
        spellCheck={false}
      />
    </FieldBox>
  );

  const idCheck = kind === 'individual' ? validateResidentId(draft.idNumber) : null;

  return (
    <Dialog
      title={title}
      onRequestClose={requestClose}
      wide
      testId="customer-form"
      footer={
        <>
          <div className="footer-status" role="status" aria-live="polite">
            {confirmDiscard ? (
              <span className="warning-text">{t('desk.form.confirmDiscard')}</span>
            ) : saving ? (
              <span className="saving"><span className="spinner" aria-hidden="true" />{t('desk.form.saving')}</span>
            ) : submitted && errorCount > 0 ? (
              <span className="error-text">{t('desk.form.errorCount', { count: errorCount })}</span>
            ) : null}
          </div>
          <button type="button" className="button" onClick={requestClose} disabled={saving}>
            {t('desk.form.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" className="button button-primary" onClick={() => void save()} disabled={saving} data-testid="save-customer">
            {saving ? t('desk.form.saving') : t('desk.form.save')} <kbd className="kbd-on-primary">Ctrl+S</kbd>
          </button>
        </>
      }
    >
      <div className="form-ocr">
        <div className="form-ocr-bar">
          {!scanOpen && (
            <button type="button" className="button button-small" onClick={() => setScanOpen(true)} data-testid="form-scan">
              {t('ocr.ui.open')}
            </button>
          )}
          {scanNotice && <span className="field-hint" role="status">{scanNotice}</span>}
          {pendingScan && <span className="muted">{t('ocr.ui.pendingSave', { verdict: t(`documents.verdict.${pendingScan.verdict}`) })}</span>}
        </div>
        {scanOpen && <OcrPanel customerKind={kind} draft={draft} onVerdict={applyScan} onClose={() => setScanOpen(false)} />}
      </div>
      <form className="customer-form" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={moveToNextField} aria-busy={saving}>
        {formError && (
          <div className="notice notice-error" role="alert" data-testid="form-error">
            {formError}
          </div>
        )}

        {mode === 'create' ? (
          <fieldset className="kind-switch">
            <legend>{t('desk.field.kind')}</legend>
            {(['individual', 'enterprise'] as CustomerKind[]).map((k) => (
              <label key={k} className={kind === k ? 'segmented active' : 'segmented'}>
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setDraft((d) => ({ ...d, kind: k }));
                    setServerIssues([]);
                    setDuplicate(null);
                    setFormError(null);
                  }}
                />
                {t(`kind.${k}`)}
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="kind-fixed">
            <span className="tag">{t(`kind.${kind}`)}</span>
          </p>
        )}

        <div className="form-grid">
          {field('name', t(kind === 'enterprise' ? 'field.enterpriseName' : 'field.name'), { required: true, autoFocus: true })}
          {kind === 'individual'
            ? field('idNumber', t('field.idNumber'), {
                required: true,
                mono: true,
                extra: idCheck?.ok ? (
                  <span className="field-hint">{t('desk.idFacts', { birthDate: idCheck.birthDate, sex: t(`desk.sex.${idCheck.sex}`), region: idCheck.region.filter(Boolean).join(' ') })}</span>
                ) : null,
              })
            : field('uscc', t('field.uscc'), { required: true, mono: true })}
          {kind === 'enterprise' && field('legalRepresentative', t('field.legalRepresentative'), { required: true })}
          {field('phone', t('field.phone'), { required: true, mono: true, maxLength: 40, inputMode: 'tel' })}
          {kind === 'individual' && (
            <FieldBox path="group" label={t('field.group')} required issues={issuesFor('group')}>
              <select
                id={fieldDomId('group')}
                value={draft.group}
                onChange={(e) => setField('group', e.target.value)}
                onBlur={() => touch('group')}
                aria-invalid={issuesFor('group').some((i) => i.severity === 'error') || undefined}
                aria-describedby={issuesFor('group').length ? `${fieldDomId('group')}-msg` : undefined}
                aria-required
              >
                <option value="">{t('desk.form.choose')}</option>
                {INDIVIDUAL_GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {t(`group.${g}`)}
                  </option>
                ))}
              </select>
            </FieldBox>
          )}
          {field('village', t('field.village'))}
          {field('address', t('field.address'), { required: true, wide: true })}
        </div>

        {kind === 'enterprise' && (
          <fieldset className="shareholders" data-testid="shareholders">
            <legend>{t('field.shareholders')}</legend>
            {draft.shareholders.length > 0 && (
              <table className="grid shareholder-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t('desk.shareholder.kind')}</th>
                    <th>{t('field.name')}</th>
                    <th>{t('desk.shareholder.idNumber')}</th>
                    <th>{t('desk.shareholder.percent')}</th>
                    <th><span className="sr-only">{t('desk.shareholder.remove')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {draft.shareholders.map((s, i) => {
                    const p = (leaf: string) => `shareholders.${i}.${leaf}`;
                    const cellIssues = [...issuesFor(p('name')), ...issuesFor(p('idNumber')), ...issuesFor(p('shareBp'))];
                    return (
                      <ShareholderRow
                        key={s.key}
                        index={i}
                        row={s}
                        issues={cellIssues}
                        invalid={(leaf) => issuesFor(p(leaf)).some((x) => x.severity === 'error')}
                        onChange={(patch, leaf) => setRow(i, patch, p(leaf))}
                        onBlur={(leaf) => touch(p(leaf))}
                        onRemove={() => removeRow(i)}
                      />
                    );
                  })}
                </tbody>
              </table>
            )}
            <div className="shareholder-foot">
              {/* Keeping focus on mousedown stops the field's blur message from shifting the button away mid-click. */}
              <button type="button" className="button button-small" onMouseDown={(e) => e.preventDefault()} onClick={addRow}>
                + {t('desk.shareholder.add')}
              </button>
              {draft.shareholders.length > 0 && (
                <span className={total > 10000 ? 'error-text' : 'muted'} data-testid="share-total">
                  {t('desk.shareholder.total', { total: formatBpAsPercent(total) })}
                </span>
              )}
            </div>
            {issuesFor('shareholders').map((i) => (
              <p key={i.text} className="field-error" role="alert">{i.text}</p>
            ))}
          </fieldset>
        )}

        <div className="form-grid">
          <FieldBox path="note" label={t('field.note')} issues={issuesFor('note')} wide>
            <textarea id={fieldDomId('note')} rows={2} value={draft.note} onChange={(e) => setField('note', e.target.value)} onBlur={() => touch('note')} />
          </FieldBox>
        </div>
      </form>
    </Dialog>
  );
}

function FieldBox({ path, label, required, issues, wide, extra, after, children }: {
  path: string;
  /** Always shown under the messages, e.g. the link to the customer who already has this ID number. */
  after?: ReactNode;
  label: string;
  required?: boolean;
  issues: ShownIssue[];
  wide?: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const hasError = issues.some((i) => i.severity === 'error');
  return (
    <div className={['field', wide ? 'field-wide' : '', hasError ? 'has-error' : issues.length ? 'has-warning' : ''].join(' ')}>
      <label className="field-label" htmlFor={fieldDomId(path)}>
        {label}
        {required && <span className="required" aria-hidden="true">*</span>}
      </label>
      {children}
      <div id={`${fieldDomId(path)}-msg`} className="field-messages">
        {issues.map((i) => (
          <p key={i.text} className={i.severity === 'error' ? 'field-error' : 'field-warning'} data-testid={`issue-${path}`}>
            {i.text}
          </p>
        ))}
        {!issues.length && extra}
        {after}
      </div>
    </div>
  );
}

function ShareholderRow({ index, row, issues, invalid, onChange, onBlur, onRemove }: {
  index: number;
  row: ShareholderDraft;
  issues: ShownIssue[];
  invalid(leaf: string): boolean;
  onChange(patch: Partial<ShareholderDraft>, leaf: string): void;
  onBlur(leaf: string): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const id = (leaf: string) => fieldDomId(`shareholders.${index}.${leaf}`);
  const n = index + 1;
  return (
    <>
      <tr className={issues.length ? 'row-has-issue' : undefined}>
        <td className="muted">{n}</td>
        <td>
          <select aria-label={t('desk.shareholderRowField', { row: n, field: t('desk.shareholder.kind') })} value={row.kind} onChange={(e) => onChange({ kind: e.target.value as ShareholderDraft['kind'] }, 'kind')}>
            <option value="person">{t('desk.shareholder.person')}</option>
            <option value="company">{t('desk.shareholder.company')}</option>
          </select>
        </td>
        <td>
          <input id={id('name')} aria-label={t('desk.shareholderRowField', { row: n, field: t('field.name') })} value={row.name}
            aria-invalid={invalid('name') || undefined} onChange={(e) => onChange({ name: e.target.value }, 'name')} onBlur={() => onBlur('name')} autoComplete="off" />
        </td>
        <td>
          <input id={id('idNumber')} className="mono" aria-label={t('desk.shareholderRowField', { row: n, field: t('desk.shareholder.idNumber') })} value={row.idNumber}
            aria-invalid={invalid('idNumber') || undefined} onChange={(e) => onChange({ idNumber: e.target.value }, 'idNumber')} onBlur={() => onBlur('idNumber')} autoComplete="off" spellCheck={false} />
        </td>
        <td>
          <span className="percent-input">
            <input id={id('shareBp')} className="mono num" inputMode="decimal" aria-label={t('desk.shareholderRowField', { row: n, field: t('field.shareBp') })} value={row.percent}
              aria-invalid={invalid('shareBp') || undefined} placeholder="0.00" onChange={(e) => onChange({ percent: e.target.value }, 'shareBp')} onBlur={() => onBlur('shareBp')} autoComplete="off" />
            <span aria-hidden="true">%</span>
          </span>
        </td>
        <td>
          <button type="button" className="icon-button" aria-label={t('desk.shareholder.removeRow', { row: n })} title={t('desk.shareholder.removeRow', { row: n })} onClick={onRemove}>
            ×
          </button>
        </td>
      </tr>
      {issues.length > 0 && (
        <tr className="row-issues">
          <td />
          <td colSpan={5}>
            {issues.map((i) => (
              <p key={i.text} className={i.severity === 'error' ? 'field-error' : 'field-warning'}>{i.text}</p>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}

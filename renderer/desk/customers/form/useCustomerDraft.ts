import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../../domain/customers/customer';
import { normalizeResidentId } from '../../../../domain/identity/resident-id';
import { normalizeUscc } from '../../../../domain/identity/uscc';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import { ApiCallError } from '../../../api/client';
import type { PendingVerdict } from '../../documents/OcrPanel';
import { describeError, describeFieldError, describeIssue, errorText, type ShownIssue } from '../../labels';
import { checkDraft, draftFromRecord, draftToFields, emptyDraft, newShareholderRow, type CustomerDraft, type ShareholderDraft } from '../form-model';
import { fieldDomId } from './field-id';

export type TextField = 'name' | 'idNumber' | 'uscc' | 'legalRepresentative' | 'phone' | 'address' | 'village' | 'note';

export interface Duplicate {
  id: string;
  name: string;
}

export function focusPath(path: string) {
  document.getElementById(fieldDomId(path))?.focus();
}

/**
 * The customer form's state: the draft as typed, which fields the teller has left, the domain's messages for them and
 * the core's refusal of the last save. Domain rules run as the teller types (shown once a field is left or on save);
 * the core re-checks and its field errors land on the same fields until that field is edited again.
 */
export function useCustomerDraft(record: CustomerRecord | undefined) {
  const { t } = useTranslation();
  const initial = useMemo(() => (record ? draftFromRecord(record) : emptyDraft()), [record]);
  const [draft, setDraft] = useState<CustomerDraft>(initial);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<ShownIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [pendingScan, setPendingScan] = useState<PendingVerdict | null>(null);

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
  /** Pasted full-width digits and spaces are shown cleaned as soon as the teller leaves the field. */
  function leave(path: TextField | 'group') {
    if (path === 'idNumber' && draft.idNumber) setDraft((d) => ({ ...d, idNumber: normalizeResidentId(d.idNumber) }));
    if (path === 'uscc' && draft.uscc) setDraft((d) => ({ ...d, uscc: normalizeUscc(d.uscc) }));
    touch(path);
  }

  function chooseKind(kind: CustomerKind) {
    setDraft((d) => ({ ...d, kind }));
    setServerIssues([]);
    setDuplicate(null);
    setFormError(null);
  }

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

  /** Fills the fields the scan read; returns their paths. The verdict itself is kept once the customer is saved. */
  function applyScan(pending: PendingVerdict): string[] {
    const paths = Object.keys(pending.patch);
    setDraft((d) => ({ ...d, ...pending.patch }));
    paths.forEach((p) => {
      edited(p);
      touch(p);
    });
    setPendingScan(pending);
    return paths;
  }

  /** Save pressed: every message shows from now on. Returns the first field that blocks saving, if any. */
  function submit(): string | undefined {
    setSubmitted(true);
    setFormError(null);
    return localIssues.find((i) => i.severity === 'error')?.path;
  }

  /** The core refused the save: its field messages go on the fields, the banner says nothing was saved. */
  function refused(e: unknown) {
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

  return {
    draft, dirty, submitted, errorCount, formError, duplicate, confirmDiscard, pendingScan,
    issuesFor, setField, touch, leave, chooseKind, setRow, addRow, removeRow, applyScan, submit, refused, setConfirmDiscard,
  };
}

export type CustomerDraftState = ReturnType<typeof useCustomerDraft>;

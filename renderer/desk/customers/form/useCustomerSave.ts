import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiArgs } from '../../../../main/core/api/contract';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import { api } from '../../../api/client';
import type { PendingVerdict } from '../../documents/OcrPanel';
import { errorText } from '../../labels';
import { draftToFields } from '../form-model';
import { focusPath, type CustomerDraftState } from './useCustomerDraft';

interface Args {
  mode: 'create' | 'edit';
  record?: CustomerRecord;
  form: CustomerDraftState;
  /** `notice` says what else happened, e.g. that the scanned document could not be kept. */
  onSaved(record: CustomerRecord, notice?: string): void;
}

/** Creates or updates the customer, then keeps the scanned document's verdict with it. One save at a time. */
export function useCustomerSave({ mode, record, form, onSaved }: Args) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);

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

  async function save() {
    if (saving) return;
    const blocking = form.submit();
    if (blocking !== undefined) {
      focusPath(blocking);
      return;
    }
    setSaving(true);
    try {
      const customer = draftToFields(form.draft);
      const saved =
        mode === 'edit' && record
          ? await api.call('customers.update', { id: record.id, rev: record.rev, customer })
          : await api.call('customers.create', { customer });
      onSaved(saved, form.pendingScan ? await keepScan(saved.id, form.pendingScan) : undefined);
    } catch (e) {
      setSaving(false);
      form.refused(e);
    }
  }

  return { saving, save };
}

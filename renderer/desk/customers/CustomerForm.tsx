import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { Dialog } from '../Dialog';
import { moveToNextField } from '../form-keys';
import { useShortcuts } from '../shortcuts';
import { CustomerFields, NoteField } from './form/CustomerFields';
import { FormFooter } from './form/FormFooter';
import { KindSwitch } from './form/KindSwitch';
import { ScanBar } from './form/ScanBar';
import { ShareholdersSection } from './form/ShareholdersSection';
import { useCustomerDraft } from './form/useCustomerDraft';
import { useCustomerSave } from './form/useCustomerSave';

interface Props {
  mode: 'create' | 'edit';
  record?: CustomerRecord;
  onCancel(): void;
  /** `notice` says what else happened, e.g. that the scanned document could not be kept. */
  onSaved(record: CustomerRecord, notice?: string): void;
  onOpenExisting(id: string): void;
}

/**
 * New / edit customer. Domain rules run as the teller types (shown once a field is left or on save); the core
 * re-checks and its field errors land on the same fields. Enter moves to the next field, Ctrl+S saves.
 */
export function CustomerForm({ mode, record, onCancel, onSaved, onOpenExisting }: Props) {
  const { t } = useTranslation();
  const form = useCustomerDraft(record);
  const { saving, save } = useCustomerSave({ mode, record, form, onSaved });
  const { draft, issuesFor } = form;

  function requestClose() {
    if (saving) return;
    if (form.dirty && !form.confirmDiscard) {
      form.setConfirmDiscard(true);
      return;
    }
    onCancel();
  }

  useShortcuts({ save: () => void save() });

  const kind = draft.kind;
  const title = mode === 'create' ? t('desk.customer.new') : t('desk.customer.editTitle', { name: record?.name ?? '' });

  return (
    <Dialog
      title={title}
      onRequestClose={requestClose}
      wide
      testId="customer-form"
      footer={
        <FormFooter
          confirmDiscard={form.confirmDiscard}
          saving={saving}
          errorCount={form.errorCount}
          submitted={form.submitted}
          onCancel={requestClose}
          onSave={() => void save()}
        />
      }
    >
      <ScanBar kind={kind} draft={draft} pendingScan={form.pendingScan} onScanned={form.applyScan} />
      {/* Enter moves to the next field like the paper-form systems tellers know; it never submits by accident. */}
      <form className="customer-form" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={moveToNextField} aria-busy={saving}>
        {form.formError && (
          <div className="notice notice-error" role="alert" data-testid="form-error">
            {form.formError}
          </div>
        )}
        <KindSwitch kind={kind} editable={mode === 'create'} onChoose={form.chooseKind} />
        <CustomerFields
          draft={draft}
          issuesFor={issuesFor}
          duplicate={form.duplicate}
          onOpenExisting={onOpenExisting}
          onChange={form.setField}
          onLeave={form.leave}
        />
        {kind === 'enterprise' && (
          <ShareholdersSection
            draft={draft}
            issuesFor={issuesFor}
            onRowChange={form.setRow}
            onLeave={form.touch}
            onAdd={form.addRow}
            onRemove={form.removeRow}
          />
        )}
        <NoteField value={draft.note} issues={issuesFor('note')} onChange={(v) => form.setField('note', v)} onLeave={() => form.touch('note')} />
      </form>
    </Dialog>
  );
}

import { useTranslation } from 'react-i18next';
import { INDIVIDUAL_GROUPS } from '../../../../domain/customers/customer';
import { validateResidentId } from '../../../../domain/identity/resident-id';
import type { ShownIssue } from '../../labels';
import type { CustomerDraft } from '../form-model';
import { FieldBox } from './FieldBox';
import { fieldDomId } from './field-id';
import { TextFieldBox } from './TextFieldBox';
import type { Duplicate, TextField } from './useCustomerDraft';

interface Props {
  draft: CustomerDraft;
  issuesFor(path: string): ShownIssue[];
  /** The customer the core says already has this ID number / USCC, linked under that field. */
  duplicate: Duplicate | null;
  onOpenExisting(id: string): void;
  onChange(field: TextField | 'group', value: string): void;
  onLeave(field: TextField | 'group'): void;
}

/** Who the customer is and how to reach them: the fields above the shareholders, by kind. */
export function CustomerFields({ draft, issuesFor, duplicate, onOpenExisting, onChange, onLeave }: Props) {
  const { t } = useTranslation();
  const kind = draft.kind;
  const idCheck = kind === 'individual' ? validateResidentId(draft.idNumber) : null;
  const duplicateLink = duplicate ? (
    <button type="button" className="link-button" onClick={() => onOpenExisting(duplicate.id)} data-testid="duplicate-link">
      {t('desk.form.openExisting', { name: duplicate.name })} →
    </button>
  ) : null;
  const text = (path: TextField) => ({
    path,
    value: draft[path],
    issues: issuesFor(path),
    onChange: (value: string) => onChange(path, value),
    onBlur: () => onLeave(path),
  });
  const groupIssues = issuesFor('group');

  return (
    <div className="form-grid">
      <TextFieldBox {...text('name')} label={t(kind === 'enterprise' ? 'field.enterpriseName' : 'field.name')} required autoFocus />
      {kind === 'individual' ? (
        <TextFieldBox
          {...text('idNumber')}
          label={t('field.idNumber')}
          required
          mono
          after={duplicateLink}
          extra={idCheck?.ok ? (
            <span className="field-hint">{t('desk.idFacts', { birthDate: idCheck.birthDate, sex: t(`desk.sex.${idCheck.sex}`), region: idCheck.region.filter(Boolean).join(' ') })}</span>
          ) : null}
        />
      ) : (
        <TextFieldBox {...text('uscc')} label={t('field.uscc')} required mono after={duplicateLink} />
      )}
      {kind === 'enterprise' && <TextFieldBox {...text('legalRepresentative')} label={t('field.legalRepresentative')} required />}
      <TextFieldBox {...text('phone')} label={t('field.phone')} required mono maxLength={40} inputMode="tel" />
      {kind === 'individual' && (
        <FieldBox path="group" label={t('field.group')} required issues={groupIssues}>
          <select
            id={fieldDomId('group')}
            value={draft.group}
            onChange={(e) => onChange('group', e.target.value)}
            onBlur={() => onLeave('group')}
            aria-invalid={groupIssues.some((i) => i.severity === 'error') || undefined}
            aria-describedby={groupIssues.length ? `${fieldDomId('group')}-msg` : undefined}
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
      <TextFieldBox {...text('village')} label={t('field.village')} />
      <TextFieldBox {...text('address')} label={t('field.address')} required wide />
    </div>
  );
}

/** The free-text note at the foot of the form. */
export function NoteField({ value, issues, onChange, onLeave }: { value: string; issues: ShownIssue[]; onChange(value: string): void; onLeave(): void }) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <FieldBox path="note" label={t('field.note')} issues={issues} wide>
        <textarea id={fieldDomId('note')} rows={2} value={value} onChange={(e) => onChange(e.target.value)} onBlur={onLeave} />
      </FieldBox>
    </div>
  );
}

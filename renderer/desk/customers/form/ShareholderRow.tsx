import { useTranslation } from 'react-i18next';
import type { ShownIssue } from '../../labels';
import type { ShareholderDraft } from '../form-model';
import { fieldDomId } from './field-id';

/** One shareholder as a table row, with its messages in a row of their own underneath. */
export function ShareholderRow({ index, row, issues, invalid, onChange, onBlur, onRemove }: {
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

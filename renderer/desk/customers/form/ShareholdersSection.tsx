import { useTranslation } from 'react-i18next';
import { formatBpAsPercent } from '../../../../domain/customers/customer';
import type { ShownIssue } from '../../labels';
import { totalShareBp, type CustomerDraft, type ShareholderDraft } from '../form-model';
import { ShareholderRow } from './ShareholderRow';

interface Props {
  draft: CustomerDraft;
  issuesFor(path: string): ShownIssue[];
  onRowChange(index: number, patch: Partial<ShareholderDraft>, path: string): void;
  onLeave(path: string): void;
  onAdd(): void;
  onRemove(index: number): void;
}

/** An enterprise's shareholders: a row each, a running total of the shares, rows added and removed in place. */
export function ShareholdersSection({ draft, issuesFor, onRowChange, onLeave, onAdd, onRemove }: Props) {
  const { t } = useTranslation();
  const total = totalShareBp(draft);
  return (
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
                  onChange={(patch, leaf) => onRowChange(i, patch, p(leaf))}
                  onBlur={(leaf) => onLeave(p(leaf))}
                  onRemove={() => onRemove(i)}
                />
              );
            })}
          </tbody>
        </table>
      )}
      <div className="shareholder-foot">
        {/* Keeping focus on mousedown stops the field's blur message from shifting the button away mid-click. */}
        <button type="button" className="button button-small" onMouseDown={(e) => e.preventDefault()} onClick={onAdd}>
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
  );
}

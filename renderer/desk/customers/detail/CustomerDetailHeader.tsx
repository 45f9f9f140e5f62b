import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';

interface Props {
  record: CustomerRecord;
  canScan?: boolean;
  canEdit: boolean;
  onScan(): void;
  onEdit(): void;
}

/** The customer's name and tags, with 证件识别 and 编辑 beside them. */
export function CustomerDetailHeader({ record, canScan, canEdit, onScan, onEdit }: Props) {
  const { t } = useTranslation();
  return (
    <header className="detail-header">
      <div>
        <h2 className="detail-name">{record.name}</h2>
        <div className="detail-tags">
          <span className="tag">{t(`kind.${record.kind}`)}</span>
          {record.group && <span className="tag tag-group">{t(`group.${record.group}`)}</span>}
          {record.village && <span className="tag tag-plain">{record.village}</span>}
        </div>
      </div>
      <div className="detail-actions">
        {canScan && (
          <button type="button" className="button" onClick={onScan} data-testid="detail-scan">
            {t('ocr.ui.open')}
          </button>
        )}
        {canEdit && (
          <button type="button" className="button" onClick={onEdit} title="Ctrl+E">
            {t('desk.customer.edit')} <kbd>Ctrl+E</kbd>
          </button>
        )}
      </div>
    </header>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { CustomerHistory } from './CustomerHistory';
import { CustomerValue } from './CustomerValue';
import { CreditActions, openNewApplication } from '../credit/CreditActions';
import { useShortcuts } from '../shortcuts';
import { DocumentsTab } from '../documents/DocumentsTab';
import { CustomerDetailHeader } from './detail/CustomerDetailHeader';
import { CustomerFacts, RecordMeta, ShareholdersTable } from './detail/CustomerFacts';
import { CustomerTabs, type Tab } from './detail/CustomerTabs';

interface Props {
  record: CustomerRecord;
  canEdit: boolean;
  /** May open loan applications (loan.write). */
  canApply?: boolean;
  /** May scan ID cards and licences (ocr.use). */
  canScan?: boolean;
  onEdit(): void;
}

export function CustomerDetail({ record, canEdit, canApply, canScan, onEdit }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('details');
  const [scanRequest, setScanRequest] = useState(0);
  // After a scan in 证件 the application is one key away too, not only from 资料.
  useShortcuts({ apply: () => openNewApplication(record.id) }, !!canApply);
  const enterprise = record.kind === 'enterprise';

  return (
    <article className="detail" data-testid="customer-detail">
      <CustomerDetailHeader record={record} canScan={canScan} canEdit={canEdit} onEdit={onEdit}
        onScan={() => { setTab('documents'); setScanRequest((n) => n + 1); }} />

      {record.conflicts.length > 0 && (
        <div className="notice notice-warning" role="alert" data-testid="conflict-banner">
          {t('desk.customer.conflicts', { count: record.conflicts.length })}
        </div>
      )}

      <CustomerTabs label={record.name} tab={tab} onTab={setTab} />

      {tab === 'details' && (
        <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="tab-panel">
          <CustomerFacts record={record} />
          {enterprise && <ShareholdersTable shareholders={record.shareholders} />}
          {!enterprise && <CustomerValue id={record.id} rev={record.rev} />}
          <CreditActions record={record} canApply={canApply ?? false} />
          <RecordMeta record={record} />
        </div>
      )}
      {tab === 'documents' && (
        <div role="tabpanel" id="panel-documents" aria-labelledby="tab-documents" className="tab-panel">
          <DocumentsTab record={record} canScan={canScan ?? false} scanRequest={scanRequest} />
        </div>
      )}
      {tab === 'history' && (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" className="tab-panel">
          <CustomerHistory id={record.id} rev={record.rev} kind={record.kind} />
        </div>
      )}
    </article>
  );
}

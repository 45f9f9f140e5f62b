import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBpAsPercent } from '../../../domain/customers/customer';
import { validateResidentId } from '../../../domain/identity/resident-id';
import { validateUscc } from '../../../domain/identity/uscc';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { CustomerHistory } from './CustomerHistory';
import { CustomerValue } from './CustomerValue';
import { CreditActions, openNewApplication } from '../credit/CreditActions';
import { useShortcuts } from '../shortcuts';
import { DocumentsTab } from '../documents/DocumentsTab';
import { showDateTime } from '../../format/time';

interface Props {
  record: CustomerRecord;
  canEdit: boolean;
  /** May open loan applications (loan.write). */
  canApply?: boolean;
  /** May scan ID cards and licences (ocr.use). */
  canScan?: boolean;
  onEdit(): void;
}

const TABS = ['details', 'documents', 'history'] as const;
type Tab = (typeof TABS)[number];

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="dl-row">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children ?? '—'}</dd>
    </div>
  );
}

/** What the resident ID itself says (birth date, sex, region): a quick check against the card in hand. */
function IdFacts({ idNumber }: { idNumber: string }) {
  const { t } = useTranslation();
  const id = validateResidentId(idNumber);
  if (!id.ok) return null;
  return (
    <span className="id-facts">
      {t('desk.idFacts', { birthDate: id.birthDate, sex: t(`desk.sex.${id.sex}`), region: id.region.filter(Boolean).join(' ') })}
    </span>
  );
}

export function CustomerDetail({ record, canEdit, canApply, canScan, onEdit }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('details');
  const [scanRequest, setScanRequest] = useState(0);
  // After a scan in 证件 the application is one key away too, not only from 资料.
  useShortcuts({ apply: () => openNewApplication(record.id) }, !!canApply);
  const enterprise = record.kind === 'enterprise';
  const usccPilot = enterprise && record.uscc ? (() => {
    const r = validateUscc(record.uscc);
    return r.ok && r.warnings.includes('checkDigit');
  })() : false;

  return (
    <article className="detail" data-testid="customer-detail">
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
            <button type="button" className="button" onClick={() => { setTab('documents'); setScanRequest((n) => n + 1); }} data-testid="detail-scan">
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

      {record.conflicts.length > 0 && (
        <div className="notice notice-warning" role="alert" data-testid="conflict-banner">
          {t('desk.customer.conflicts', { count: record.conflicts.length })}
        </div>
      )}

      <div className="tabs" role="tablist" aria-label={record.name}>
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault();
                const next = TABS[(TABS.indexOf(id) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
            tabIndex={tab === id ? 0 : -1}
          >
            {t(`desk.tab.${id}`)}
          </button>
        ))}
      </div>

      {tab === 'details' && (
        <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="tab-panel">
          <dl className="dl">
            <Row label={t(enterprise ? 'field.enterpriseName' : 'field.name')}>{record.name}</Row>
            {enterprise ? (
              <>
                <Row label={t('field.uscc')} mono>
                  {record.uscc}
                  {usccPilot && <span className="inline-warning">{t('desk.customer.usccPilot')}</span>}
                </Row>
                <Row label={t('field.legalRepresentative')}>{record.legalRepresentative}</Row>
              </>
            ) : (
              <Row label={t('field.idNumber')}>
                <span className="mono">{record.idNumber}</span>
                {record.idNumber && <IdFacts idNumber={record.idNumber} />}
              </Row>
            )}
            <Row label={t('field.phone')} mono>{record.phone}</Row>
            <Row label={t('field.address')}>{record.address}</Row>
            <Row label={t('field.village')}>{record.village}</Row>
            {!enterprise && <Row label={t('field.group')}>{record.group ? t(`group.${record.group}`) : null}</Row>}
            <Row label={t('field.note')}>{record.note}</Row>
          </dl>

          {enterprise && (
            <section className="subsection">
              <h3>{t('field.shareholders')}</h3>
              {record.shareholders?.length ? (
                <table className="grid">
                  <thead>
                    <tr>
                      <th>{t('desk.shareholder.kind')}</th>
                      <th>{t('field.name')}</th>
                      <th>{t('desk.shareholder.idNumber')}</th>
                      <th className="num">{t('field.shareBp')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.shareholders.map((s, i) => (
                      <tr key={i}>
                        <td>{t(`desk.shareholder.${s.kind}`)}</td>
                        <td>{s.name}</td>
                        <td className="mono">{s.idNumber ?? '—'}</td>
                        <td className="num mono">{formatBpAsPercent(s.shareBp)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">{t('desk.shareholder.none')}</p>
              )}
            </section>
          )}

          {!enterprise && <CustomerValue id={record.id} rev={record.rev} />}

          <CreditActions record={record} canApply={canApply ?? false} />

          <dl className="dl dl-meta">
            <Row label={t('desk.meta.created')}>{t('desk.meta.by', { at: showDateTime(record.createdAt), who: record.createdBy })}</Row>
            <Row label={t('desk.meta.updated')}>{t('desk.meta.by', { at: showDateTime(record.updatedAt), who: record.updatedBy })}</Row>
            <Row label={t('desk.meta.id')} mono>{record.id}</Row>
          </dl>
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

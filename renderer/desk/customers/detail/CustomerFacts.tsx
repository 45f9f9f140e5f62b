import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBpAsPercent } from '../../../../domain/customers/customer';
import { validateResidentId } from '../../../../domain/identity/resident-id';
import { validateUscc } from '../../../../domain/identity/uscc';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import { showDateTime } from '../../../format/time';

/** One label and value of the file; an empty value shows as —. */
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

/** A USCC whose check digit fails may still be a real one from the pilot years: said beside it, not refused. */
function isUsccPilot(uscc: string | undefined): boolean {
  if (!uscc) return false;
  const r = validateUscc(uscc);
  return r.ok && r.warnings.includes('checkDigit');
}

/** The customer's file: name and ID (or USCC and legal representative), contact, village and note. */
export function CustomerFacts({ record }: { record: CustomerRecord }) {
  const { t } = useTranslation();
  const enterprise = record.kind === 'enterprise';
  return (
    <dl className="dl">
      <Row label={t(enterprise ? 'field.enterpriseName' : 'field.name')}>{record.name}</Row>
      {enterprise ? (
        <>
          <Row label={t('field.uscc')} mono>
            {record.uscc}
            {isUsccPilot(record.uscc) && <span className="inline-warning">{t('desk.customer.usccPilot')}</span>}
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
  );
}

/** An enterprise's shareholders as the branch recorded them. */
export function ShareholdersTable({ shareholders }: { shareholders: CustomerRecord['shareholders'] }) {
  const { t } = useTranslation();
  return (
    <section className="subsection">
      <h3>{t('field.shareholders')}</h3>
      {shareholders?.length ? (
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
            {shareholders.map((s, i) => (
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
  );
}

/** Who made and last changed the record, when, and its id. */
export function RecordMeta({ record }: { record: CustomerRecord }) {
  const { t } = useTranslation();
  return (
    <dl className="dl dl-meta">
      <Row label={t('desk.meta.created')}>{t('desk.meta.by', { at: showDateTime(record.createdAt), who: record.createdBy })}</Row>
      <Row label={t('desk.meta.updated')}>{t('desk.meta.by', { at: showDateTime(record.updatedAt), who: record.updatedBy })}</Row>
      <Row label={t('desk.meta.id')} mono>{record.id}</Row>
    </dl>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_KINDS, type PartnerKind } from '../../../../domain/value/partners';
import { moveToNextFieldOrSubmit } from '../../form-keys';
import type { Issue, PartnerEnrolForm } from './usePartnerEnrol';

/** A field as the other desk forms lay it out: label (with * when required), the control, its messages under it. */
function EnrolField({ id, label, required, issue, wide, children }: { id: Issue; label: string; required?: boolean; issue?: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={['field', wide ? 'field-wide' : '', issue ? 'has-error' : ''].join(' ')}>
      <label className="field-label" htmlFor={`enrol-${id}`}>
        {label}
        {required && <span className="required" aria-hidden="true">*</span>}
      </label>
      {children}
      <div className="field-messages" id={`enrol-${id}-error`}>
        {issue && <p className="field-error" role="alert" data-testid={`issue-${id}`}>{issue}</p>}
      </div>
    </div>
  );
}

/** 登记合伙人: name, kind, mobile, place; Enter moves to the next field and submits from the last. */
export function EnrolForm({ f }: { f: PartnerEnrolForm }) {
  const { t } = useTranslation();
  const { issues, described, edit } = f;
  return (
    <form className="card customer-form" onSubmit={(e) => void f.submit(e)} onKeyDown={moveToNextFieldOrSubmit} aria-labelledby="partner-enrol-form-title" aria-busy={f.busy} data-testid="partner-enrol-form" noValidate>
      <h3 id="partner-enrol-form-title">{t('value.enrol.formTitle')}</h3>
      <p className="muted">{t('value.enrol.keys')}</p>
      <div className="form-grid">
        <EnrolField id="partnerName" label={t('field.partnerName')} required issue={issues.partnerName}>
          <input id="enrol-partnerName" autoFocus maxLength={60} value={f.name} onChange={(e) => edit('partnerName', f.setName)(e.target.value)} {...described('partnerName')} />
        </EnrolField>
        <EnrolField id="partnerKind" label={t('field.partnerKind')} required issue={issues.partnerKind}>
          <select id="enrol-partnerKind" value={f.kind} onChange={(e) => edit('partnerKind', (v) => f.setKind(v as PartnerKind | ''))(e.target.value)} {...described('partnerKind')}>
            <option value="">{t('value.enrol.choose')}</option>
            {PARTNER_KINDS.map((k) => <option key={k} value={k}>{t(`value.partners.kind.${k}`)}</option>)}
          </select>
        </EnrolField>
        <EnrolField id="partnerPhone" label={t('field.partnerPhone')} required issue={issues.partnerPhone}>
          <input id="enrol-partnerPhone" className="mono" inputMode="numeric" maxLength={11} value={f.phone} onChange={(e) => edit('partnerPhone', f.setPhone)(e.target.value)} {...described('partnerPhone')} />
        </EnrolField>
        <EnrolField id="partnerPlace" label={t('field.partnerPlace')} issue={issues.partnerPlace}>
          <input id="enrol-partnerPlace" maxLength={60} value={f.place} onChange={(e) => edit('partnerPlace', f.setPlace)(e.target.value)} {...described('partnerPlace')} />
        </EnrolField>
      </div>
      {f.error && <p className="form-error" role="alert" data-testid="partner-enrol-error">{f.error}</p>}
      <div className="partner-enrol-actions">
        <button type="submit" className="button button-primary" disabled={f.busy} data-testid="partner-enrol-submit">{f.busy ? t('value.enrol.busy') : t('value.enrol.submit')}</button>
      </div>
    </form>
  );
}

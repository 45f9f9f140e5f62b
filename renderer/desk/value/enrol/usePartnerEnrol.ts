import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_PHONE, type PartnerKind } from '../../../../domain/value/partners';
import type { EnrolledPartnerView } from '../../../../main/core/value/partners.contract';
import { api, ApiCallError } from '../../../api/client';
import { errorText } from '../../labels';

export type Issue = 'partnerName' | 'partnerKind' | 'partnerPhone' | 'partnerPlace';
export const ISSUES: Issue[] = ['partnerName', 'partnerKind', 'partnerPhone', 'partnerPlace'];

/**
 * The enrolment form: its four fields, checked as typed (a field's message goes once it is corrected) and again by the
 * core, whose field refusals go beside the field; the partner just enrolled, for its card.
 */
export function usePartnerEnrol({ onEnrolled }: { onEnrolled(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind | ''>('');
  const [phone, setPhone] = useState('');
  const [place, setPlace] = useState('');
  const [issues, setIssues] = useState<Partial<Record<Issue, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<EnrolledPartnerView | null>(null);

  function check(): Partial<Record<Issue, string>> {
    const found: Partial<Record<Issue, string>> = {};
    if (!name.trim()) found.partnerName = t('value.enrol.nameRequired');
    if (!kind) found.partnerKind = t('value.enrol.kindRequired');
    if (!PARTNER_PHONE.test(phone.trim())) found.partnerPhone = t('value.enrol.phoneInvalid');
    return found;
  }

  const focusIssue = (found: Partial<Record<Issue, string>>) => {
    const firstIssue = ISSUES.find((k) => found[k]);
    if (firstIssue) document.getElementById(`enrol-${firstIssue}`)?.focus();
    return !!firstIssue;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const found = check();
    setIssues(found);
    if (focusIssue(found)) return;
    setBusy(true);
    try {
      const p = await api.call('value.enrolPartner', { partnerName: name.trim(), partnerKind: kind as PartnerKind, partnerPhone: phone.trim(), partnerPlace: place.trim() });
      setEnrolled(p);
      setName('');
      setKind('');
      setPhone('');
      setPlace('');
      onEnrolled();
      // Ready for the next partner: back to the first field (found by id, as focusIssue finds a field).
      document.getElementById('enrol-partnerName')?.focus();
    } catch (err) {
      // The core's refusals of a field (a mobile number already enrolled, a name too long) go beside that field.
      const fields = err instanceof ApiCallError ? (err.body.fields ?? []).filter((f) => (ISSUES as string[]).includes(f.path)) : [];
      if (fields.length) {
        const found = Object.fromEntries(fields.map((f) => [f.path, f.message])) as Partial<Record<Issue, string>>;
        setIssues(found);
        focusIssue(found);
      } else {
        setError(errorText(err, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const described = (k: Issue) => (issues[k] ? { 'aria-invalid': true, 'aria-describedby': `enrol-${k}-error` } : {});
  // A field's message goes once the field is corrected, not only at the next submit.
  const edit = (k: Issue, set: (v: string) => void) => (v: string) => {
    set(v);
    if (issues[k]) setIssues(({ [k]: _gone, ...rest }) => rest);
  };

  return { name, setName, kind, setKind, phone, setPhone, place, setPlace, issues, error, busy, enrolled, submit, described, edit };
}

export type PartnerEnrolForm = ReturnType<typeof usePartnerEnrol>;

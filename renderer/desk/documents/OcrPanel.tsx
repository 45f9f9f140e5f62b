import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../domain/customers/customer';
import {
  blockingFailures, checkValues, differencesFrom, factsFromCustomer, fieldsOf, holderField, type DocumentValues, type Verdict,
} from '../../../domain/documents/document-fields';
import type { DocumentKind } from '../../../domain/ocr/types';
import type { ApiArgs } from '../../../main/core/api/contract';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import type { Recognition, SavedDocument } from '../../../main/core/documents/documents.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import { draftFromRecord, draftToFields, type CustomerDraft } from '../customers/form-model';
import { blobToBase64, shrinkIfLarge } from './image-files';
import { ImageSlot, type SlotImage } from './ImageSlot';
import {
  changedFields, completeValues, CORRECTION_HOW, correctionDelta, draftFacts, formPatch, newRequestId,
  recordFieldFor, SLOTS, valuesOf, type Slot,
} from './ocr-model';
import './documents.css';

export type SaveVerdictArgs = ApiArgs<'documents.saveVerdict'>;
/** A verdict reached in the customer form, saved once the customer exists; `patch` is what it put into the form. */
export type PendingVerdict = Omit<SaveVerdictArgs, 'customerId'> & { patch: Partial<CustomerDraft> };

interface Props {
  customerKind: CustomerKind;
  /** The customer being served: the verdict is saved at once and differences are against the file. */
  customer?: CustomerRecord;
  /** Or the customer form's draft: an accepted scan fills the form and the verdict waits for the customer. */
  draft?: CustomerDraft;
  onSaved?(doc: SavedDocument, notice: string): void;
  onVerdict?(pending: PendingVerdict): void;
  onClose(): void;
}

type Status =
  | { phase: 'idle' }
  | { phase: 'recognising'; requestId: string; stage: string | null; progress: number }
  | { phase: 'failed'; message: string }
  | { phase: 'result'; r: Recognition; sent: Partial<Record<Slot, string>> };

type Review = 'view' | 'correct' | 'reject';

/**
 * 证件识别: images in (file, drag-and-drop, camera), fields out beside the image, with what was uncertain, what the
 * checks repaired, what failed and how it differs from the customer; then 接受 / 更正 / 拒绝. Recognition runs in
 * the core's worker, so nothing here blocks typing elsewhere on the page.
 */
export function OcrPanel({ customerKind, customer, draft, onSaved, onVerdict, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [kind, setKind] = useState<DocumentKind>(customerKind === 'enterprise' ? 'licence' : 'id-card');
  const [images, setImages] = useState<Partial<Record<Slot, SlotImage>>>({});
  const [status, setStatus] = useState<Status>({ phase: 'idle' });
  const [review, setReview] = useState<Review>('view');
  const [values, setValues] = useState<DocumentValues>({});
  const [reason, setReason] = useState('');
  const [updates, setUpdates] = useState<Set<string>>(() => new Set());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const run = useRef(0);
  const urls = useRef<string[]>([]);

  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  useApiEvent('ocr.progress', (p) => {
    setStatus((s) => (s.phase === 'recognising' && s.requestId === p.requestId ? { ...s, stage: p.stage, progress: p.progress } : s));
  });

  const result = status.phase === 'result' ? status.r : null;
  const read = useMemo(() => (result ? completeValues(fieldsOf(result.kind), valuesOf(result.fields)) : {}), [result]);
  const shown = review === 'correct' ? values : read;
  const today = useMemo(() => new Date(), []);
  const checks = useMemo(() => (result ? (review === 'correct' ? checkValues(result.kind, values, today) : result.checks) : []), [result, review, values, today]);
  const facts = useMemo(
    () => (customer ? factsFromCustomer(kind, customer) : draft ? draftFacts(kind, draft) : {}),
    [customer, draft, kind],
  );
  const differences = useMemo(() => (result ? differencesFrom(result.kind, shown, facts) : []), [result, shown, facts]);
  const blocked = result ? blockingFailures(checks).length > 0 || !shown[holderField(result.kind)]?.trim() : true;

  function reset(nextKind = kind) {
    run.current += 1;
    setStatus({ phase: 'idle' });
    setReview('view');
    setReason('');
    setUpdates(new Set());
    setSaveError(null);
    if (nextKind !== kind) {
      setImages({});
      setKind(nextKind);
    }
  }

  function putImage(slot: Slot, blob: Blob, label: string) {
    const url = URL.createObjectURL(blob);
    urls.current.push(url);
    setImages((m) => ({ ...m, [slot]: { blob, url, label } }));
    // A new picture makes the previous reading stale.
    if (status.phase !== 'idle') reset();
  }

  async function recognise() {
    // Every slot is required; the back of an ID card holds the validity period the checks need.
    const missing = SLOTS[kind].find((slot) => !images[slot]);
    if (missing) {
      setStatus({ phase: 'failed', message: t(missing === 'back' ? 'ocr.ui.needBack' : 'ocr.ui.needFront', { slot: t(`ocr.ui.slot.${missing}`) }) });
      return;
    }
    const mine = ++run.current;
    const requestId = newRequestId();
    setReview('view');
    setSaveError(null);
    setStatus({ phase: 'recognising', requestId, stage: null, progress: 0 });
    try {
      const sent: Partial<Record<Slot, string>> = {};
      for (const slot of SLOTS[kind]) {
        const img = images[slot];
        if (img) sent[slot] = await blobToBase64(await shrinkIfLarge(img.blob));
      }
      const r =
        kind === 'id-card'
          ? await api.call('ocr.recognizeIdCard', {
              front: sent.front!, back: sent.back, requestId,
              ...(customer ? { customerId: customer.id } : draft ? { draft: { name: facts.name, idNumber: facts.idNumber, address: facts.address } } : {}),
            })
          : await api.call('ocr.recognizeLicence', {
              image: sent.licence!, requestId,
              ...(customer ? { customerId: customer.id } : draft ? { draft: { companyName: facts.companyName, uscc: facts.uscc, legalRepresentative: facts.legalRepresentative, address: facts.address } } : {}),
            });
      if (run.current !== mine) return;
      setValues(completeValues(fieldsOf(r.kind), valuesOf(r.fields)));
      setStatus({ phase: 'result', r, sent });
    } catch (e) {
      if (run.current !== mine) return;
      const reasonText = errorText(e, t);
      setStatus({ phase: 'failed', message: t('ocr.ui.failed', { reason: reasonText }) });
    }
  }

  async function decide(chosenVerdict: Verdict) {
    if (status.phase !== 'result' || saving) return;
    const { r, sent } = status;
    // "Corrected" with nothing changed would misreport the teller's work; it is an acceptance of what was read.
    const verdict: Verdict = chosenVerdict === 'corrected' && changedFields(read, values).length === 0 ? 'accepted' : chosenVerdict;
    const fields = verdict === 'corrected' ? values : read;
    const payload = {
      kind: r.kind,
      images: r.kind === 'id-card' ? { front: sent.front!, ...(sent.back ? { back: sent.back } : {}) } : { licence: sent.licence! },
      fields,
      verdict,
      ...(verdict === 'rejected' ? { reason: reason.trim() } : {}),
      recognised: Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, { value: f.value, confidence: f.confidence, uncertain: f.uncertain }])),
    } as Omit<SaveVerdictArgs, 'customerId'>;

    if (!customer) {
      onVerdict?.({ ...payload, patch: verdict === 'rejected' ? {} : formPatch(r.kind, customerKind, fields) });
      reset();
      return;
    }

    setSaving(true);
    setSaveError(null);
    let doc: SavedDocument;
    try {
      doc = await api.call('documents.saveVerdict', { ...payload, customerId: customer.id } as SaveVerdictArgs);
    } catch (e) {
      setSaving(false);
      setSaveError(errorText(e, t));
      return;
    }
    const notices = [t('ocr.ui.saved', { verdict: t(`documents.verdict.${verdict}`) })];
    const chosen = verdict === 'rejected' ? [] : differences.filter((d) => updates.has(d.field));
    if (chosen.length) {
      const next = draftFromRecord(customer);
      const labels: string[] = [];
      for (const d of chosen) {
        const target = recordFieldFor(r.kind, customer.kind, d.field);
        if (!target) continue;
        (next as unknown as Record<string, string>)[target] = fields[d.field] ?? '';
        labels.push(t(`documents.field.${d.field}`));
      }
      try {
        await api.call('customers.update', { id: customer.id, rev: customer.rev, customer: draftToFields(next) });
        notices.push(t('ocr.ui.recordUpdated', { fields: labels.join('、') }));
      } catch (e) {
        notices.push(t('ocr.ui.recordNotUpdated', { reason: errorText(e, t) }));
      }
    }
    setSaving(false);
    reset();
    onSaved?.(doc, notices.join(t('desk.listSeparator')));
  }

  const busy = status.phase === 'recognising' || saving;
  const resultSlots = SLOTS[kind].filter((s) => images[s]);

  return (
    <section className="ocr-panel" aria-label={t('ocr.ui.title')} data-testid="ocr-panel">
      <header className="ocr-head">
        <h3>{t('ocr.ui.title')}</h3>
        <div className="ocr-kinds" role="radiogroup" aria-label={t('ocr.ui.kind')}>
          {(['id-card', 'licence'] as const).map((k) => (
            <label key={k} className={kind === k ? 'segmented active' : 'segmented'}>
              <input type="radio" name="ocr-kind" value={k} checked={kind === k} disabled={busy} onChange={() => reset(k)} />
              {t(`documents.kind.${k}`)}
            </label>
          ))}
        </div>
        <button type="button" className="button button-small" onClick={onClose} disabled={saving}>{t('ocr.ui.close')}</button>
      </header>

      {status.phase !== 'result' && (
        <>
          <div className="ocr-slots">
            {SLOTS[kind].map((slot) => (
              <ImageSlot key={slot} slot={slot} image={images[slot]} disabled={busy}
                onImage={(blob, label) => putImage(slot, blob, label)}
                onRemove={() => setImages((m) => ({ ...m, [slot]: undefined }))} />
            ))}
          </div>
          <div className="ocr-run">
            <button type="button" className="button button-primary" onClick={() => void recognise()} disabled={busy} data-testid="ocr-recognise">
              {status.phase === 'recognising' ? t('ocr.ui.recognising') : t('ocr.ui.recognise')}
            </button>
            {status.phase === 'recognising' && (
              <div className="ocr-progress" role="status" aria-live="polite" data-testid="ocr-progress">
                <span className="spinner" aria-hidden="true" />
                <span>{status.stage ? t(`ocr.ui.stage.${status.stage}`) : t('ocr.ui.recognising')}</span>
                <progress max={1} value={status.progress} />
              </div>
            )}
            {status.phase !== 'recognising' && draft && <span className="muted ocr-hint">{t('ocr.ui.manualHint')}</span>}
          </div>
          {status.phase === 'failed' && <p className="notice notice-error" role="alert" data-testid="ocr-error">{status.message}</p>}
        </>
      )}

      {result && (
        <div className="ocr-result" data-testid="ocr-result">
          <div className="ocr-images">
            {resultSlots.map((slot) => (
              <figure key={slot}>
                <img src={images[slot]!.url} alt={t(`ocr.ui.slot.${slot}`)} />
                <figcaption className="muted">{t(`ocr.ui.slot.${slot}`)}</figcaption>
              </figure>
            ))}
            <p className="muted">{t('ocr.ui.timing', { seconds: (result.wallMs / 1000).toFixed(1) })}</p>
          </div>

          <div className="ocr-review">
            <table className="grid ocr-fields" data-testid="ocr-fields">
              <caption>
                {t('ocr.ui.fields')}
                <span className="ocr-caption-note muted">{t('ocr.ui.confidenceNote')}</span>
                {Object.values(result.fields).some((f) => f.uncertain) && <span className="ocr-legend">{t('ocr.ui.uncertainLegend')}</span>}
              </caption>
              <tbody>
                {fieldsOf(result.kind).map((name) => {
                  const f = result.fields[name];
                  const label = t(`documents.field.${name}`);
                  const edited = review === 'correct' && (values[name] ?? '') !== (read[name] ?? '');
                  return (
                    <tr key={name} className={[f?.uncertain ? 'uncertain' : '', edited ? 'edited' : ''].join(' ')} data-field={name}>
                      <th scope="row">{label}</th>
                      <td>
                        <div className="ocr-cell">
                          {review === 'correct' ? (
                            <input aria-label={label} className={name === 'idNumber' || name === 'uscc' ? 'mono' : undefined} value={values[name] ?? ''}
                              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} autoComplete="off" spellCheck={false} />
                          ) : (
                            <span className={['ocr-value', name === 'idNumber' || name === 'uscc' ? 'mono' : ''].join(' ')}>
                              {read[name] || <span className="muted">{t('ocr.ui.notRead')}</span>}
                            </span>
                          )}
                          <span className="ocr-flags">
                            {f?.uncertain && <span className="tag tag-uncertain">{t('ocr.ui.uncertain')}</span>}
                            {f && f.value && <span className="muted" title={t('ocr.ui.confidence', { value: f.confidence })}>{f.confidence}</span>}
                          </span>
                        </div>
                        {f?.corrected && (
                          <p className="ocr-correction" title={en ? f.corrected.messageEn : f.corrected.messageZh}>
                            {t('ocr.ui.corrected', { how: t(CORRECTION_HOW[f.corrected.reason]), delta: correctionDelta(f.corrected.from, f.value) })}
                          </p>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>

            <section className="ocr-checks" aria-label={t('ocr.ui.checks')}>
              <h4>{t('ocr.ui.checks')}</h4>
              <ul data-testid="ocr-checks">
                {checks.map((c) => (
                  <li key={c.code} className={c.ok ? 'check-ok' : 'check-fail'}>
                    <span className="check-mark" aria-hidden="true">{c.ok ? '✓' : '✕'}</span>
                    <span className="sr-only">{c.ok ? t('ocr.ui.checkOk') : t('ocr.ui.checkFail')}</span>
                    {en ? c.messageEn : c.messageZh}
                  </li>
                ))}
              </ul>
            </section>

            {(customer || Object.values(facts).some((v) => v?.trim())) && (
              <section className="ocr-differences" aria-label={t(customer ? 'ocr.ui.differences' : 'ocr.ui.differencesDraft')}>
                <h4>{t(customer ? 'ocr.ui.differences' : 'ocr.ui.differencesDraft')}</h4>
                {differences.length === 0 ? (
                  <p className="check-ok" data-testid="ocr-no-differences">✓ {t(customer ? 'ocr.ui.noDifferences' : 'ocr.ui.noDifferencesDraft')}</p>
                ) : (
                  <ul data-testid="ocr-differences">
                    {differences.map((d) => {
                      const target = customer && review !== 'reject' ? recordFieldFor(result.kind, customer.kind, d.field) : null;
                      return (
                        <li key={d.field} data-field={d.field}>
                          <span className="difference-text">{en ? d.messageEn : d.messageZh}</span>
                          {target && (
                            <label className="update-record">
                              <input type="checkbox" checked={updates.has(d.field)}
                                onChange={(e) => setUpdates((s) => {
                                  const next = new Set(s);
                                  if (e.target.checked) next.add(d.field);
                                  else next.delete(d.field);
                                  return next;
                                })} />
                              {t('ocr.ui.updateRecord')}（{t(`documents.field.${d.field}`)}）
                            </label>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            )}

            {review === 'reject' && (
              <div className="field ocr-reason">
                <label className="field-label" htmlFor="ocr-reject-reason">{t('ocr.ui.rejectReason')}<span className="required" aria-hidden="true">*</span></label>
                <input id="ocr-reject-reason" value={reason} maxLength={200} placeholder={t('ocr.ui.rejectPlaceholder')} onChange={(e) => setReason(e.target.value)} autoFocus />
              </div>
            )}

            {saveError && <p className="notice notice-error" role="alert" data-testid="ocr-save-error">{saveError}</p>}
            {blocked && review !== 'reject' && <p className="notice notice-warning" data-testid="ocr-blocked">{t('ocr.ui.blocked')}</p>}

            <div className="ocr-actions">
              {review === 'view' && (
                <>
                  <button type="button" className="button button-primary" disabled={blocked || saving} onClick={() => void decide('accepted')}>{t('ocr.ui.accept')}</button>
                  <button type="button" className="button" disabled={saving} onClick={() => { setValues(read); setReview('correct'); }}>{t('ocr.ui.correct')}</button>
                  <button type="button" className="button button-danger" disabled={saving} onClick={() => setReview('reject')}>{t('ocr.ui.reject')}</button>
                  <button type="button" className="button ocr-rescan" disabled={saving} onClick={() => reset()}>{t('ocr.ui.rescan')}</button>
                </>
              )}
              {review === 'correct' && (
                <>
                  <button type="button" className="button button-primary" disabled={blocked || saving}
                    onClick={() => void decide('corrected')}>{t('ocr.ui.saveCorrection')}</button>
                  <button type="button" className="button" disabled={saving} onClick={() => setReview('view')}>{t('ocr.ui.cancelCorrection')}</button>
                </>
              )}
              {review === 'reject' && (
                <>
                  <button type="button" className="button button-danger" disabled={!reason.trim() || saving} onClick={() => void decide('rejected')}>{t('ocr.ui.rejectConfirm')}</button>
                  <button type="button" className="button" disabled={saving} onClick={() => setReview('view')}>{t('ocr.ui.cancelCorrection')}</button>
                </>
              )}
              {saving && <span className="saving"><span className="spinner" aria-hidden="true" />{t('ocr.ui.saving')}</span>}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

import { useMemo, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FactSources } from './FactSources';
import { BANK_FACTS, EMPLOYER_GRADE_NAMES, FACTS_BY_ITEM, type FactField, type FactKey } from '../../../domain/credit/collection';
import { missingData, PRODUCTS, type DataItem } from '../../../domain/credit/products';
import type { ApplicantFacts } from '../../../domain/credit/rules/fields';
import type { ApplicationPatch, ApplicationView } from '../../../main/core/credit/credit.contract';
import { api, ApiCallError } from '../../api/client';
import { moveToNextField } from '../form-keys';
import { errorText, fieldErrorText } from '../labels';
import { keyLabel, useShortcuts } from '../shortcuts';
import { fenToYuanText, formatBpAsPercent, formatYuan, yuanToFen } from './credit-format';

type FactText = Record<string, string>;
/** Field errors by what the screen calls the field: 'amount', 'term' or a fact key. */
type FieldErrors = Record<string, string>;

// "征信无逾期、无不良记录": what a clean credit report says, entered with one key; the other bureau figures
// (enquiries, debts) are still read off the report.
const CLEAN_BUREAU: Partial<Record<FactKey, string>> = { bureauCurrentOverdueFen: '0', bureauOverdueTimes24m: '0', bureauMaxOverdueDays24m: '0', bureauBadDebt: 'false' };

function toText(f: FactField, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (f.kind === 'fen') return fenToYuanText(v as number);
  return String(v);
}

function factsToText(facts: ApplicantFacts): FactText {
  const out: FactText = {};
  for (const f of [...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS]) {
    const v = (facts as Record<string, unknown>)[f.key];
    if (v !== undefined) out[f.key] = toText(f, v);
  }
  return out;
}

/** Typed text → facts; a bad number is reported against its own field rather than silently dropped. */
function textToFacts(text: FactText, fields: FactField[], t: (k: string, p?: Record<string, string>) => string, en: boolean): { facts: Record<string, unknown>; errors: FieldErrors } {
  const facts: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    if (f.derived) continue;
    const raw = (text[f.key] ?? '').normalize('NFKC').trim();
    if (!raw) continue;
    const label = en ? f.en : f.zh;
    if (f.kind === 'fen') {
      const fen = yuanToFen(raw);
      if (fen === null) errors[f.key] = t('credit.ui.badAmount', { field: label });
      else facts[f.key] = fen;
    } else if (f.kind === 'int') {
      if (!/^\d+$/.test(raw)) errors[f.key] = t('credit.ui.badInt', { field: label });
      else facts[f.key] = Number(raw);
    } else if (f.kind === 'bool') facts[f.key] = raw === 'true';
    else facts[f.key] = raw;
  }
  return { facts, errors };
}

/** The core's paths under `patch` → the fields of this screen. */
function screenField(path: string): string {
  if (path === 'patch.requestedAmountFen' || path === 'requestedAmountFen') return 'amount';
  if (path === 'patch.termMonths' || path === 'termMonths') return 'term';
  return path.replace(/^patch\.facts\.|^facts\./, '');
}

/**
 * The data-collection form: only the product's checklist, done/missing at a glance. Enter moves to the next field,
 * Ctrl+S saves the draft, Ctrl+Enter submits. A required item's figures are always shown; typing one marks the
 * item collected. Every refusal is shown on its own field, and "saved" is never shown beside an error.
 */
export function ApplicationEditor({ app, onChange, covered }: { app: ApplicationView; onChange(a: ApplicationView): void; covered: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const product = PRODUCTS[app.productCode];
  const items: DataItem[] = [...product.requiredData, ...product.optionalData];
  const [amount, setAmount] = useState(fenToYuanText(app.requestedAmountFen));
  const [term, setTerm] = useState(String(app.termMonths));
  const [method, setMethod] = useState(app.repaymentMethod);
  const [collected, setCollected] = useState<Set<DataItem>>(new Set(app.collectedData));
  const [text, setText] = useState<FactText>(() => factsToText(app.facts));
  const [busy, setBusy] = useState<null | 'save' | 'submit' | 'import'>(null);
  // One outcome line: an error, or a notice — never both.
  const [status, setStatus] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const fileRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const missing = useMemo(() => missingData(product, collected), [product, collected]);

  const fail = (text: string, fields: FieldErrors = {}) => {
    setStatus({ kind: 'error', text });
    setFieldErrors(fields);
    const first = Object.keys(fields)[0];
    if (first) document.getElementById(first === 'amount' ? 'app-amount' : first === 'term' ? 'app-term' : `fact-${first}`)?.focus();
  };
  const failWith = (e: unknown) => {
    if (e instanceof ApiCallError && e.body.fields?.length) {
      const fields: FieldErrors = {};
      for (const f of e.body.fields) fields[screenField(f.path)] ??= fieldErrorText(f, t);
      fail(errorText(e, t), fields);
    } else fail(errorText(e, t));
  };

  function patch(): ApplicationPatch | null {
    const fen = yuanToFen(amount.normalize('NFKC'));
    const months = Number(term.normalize('NFKC'));
    const fields = [...items.filter((i) => collected.has(i)).flatMap((i) => FACTS_BY_ITEM[i]), ...BANK_FACTS];
    const { facts, errors } = textToFacts(text, fields, t, en);
    const head: FieldErrors = {};
    if (fen === null || fen <= 0) head.amount = t('credit.ui.badAmount', { field: t('credit.ui.requested') });
    else if (fen > product.maxLimitFen) head.amount = t('credit.amountOverMax', { product: en ? product.nameEn : product.nameZh, max: formatYuan(product.maxLimitFen) });
    if (!Number.isInteger(months) || months < 1 || months > product.maxTermMonths) head.term = t('credit.ui.badTerm', { max: String(product.maxTermMonths) });
    const all = { ...head, ...errors };
    if (Object.keys(all).length) {
      fail(t('credit.ui.fixFields', { count: String(Object.keys(all).length) }), all);
      return null;
    }
    return { requestedAmountFen: fen!, termMonths: months, repaymentMethod: method, collectedData: items.filter((i) => collected.has(i)), facts: facts as ApplicantFacts };
  }

  async function save(): Promise<ApplicationView | null> {
    const p = patch();
    if (!p) return null;
    setBusy('save');
    setStatus(null);
    try {
      const next = await api.call('loans.update', { id: app.id, rev: app.rev, patch: p });
      onChange(next);
      setText(factsToText(next.facts));
      setFieldErrors({});
      setStatus({ kind: 'notice', text: t('credit.ui.draftSaved') });
      return next;
    } catch (e) {
      failWith(e);
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    const saved = await save();
    if (!saved) return;
    setBusy('submit');
    setStatus(null);
    try {
      onChange(await api.call('loans.submit', { id: saved.id, rev: saved.rev }));
    } catch (e) {
      failWith(e);
    } finally {
      setBusy(null);
    }
  }

  async function importFlows(file: File) {
    const saved = await save();
    if (!saved) return;
    setBusy('import');
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const next = await api.call('loans.importFlows', { id: saved.id, rev: saved.rev, fileName: file.name, contentBase64: btoa(bin) });
      onChange(next);
      setCollected(new Set(next.collectedData));
      setText(factsToText(next.facts));
      setStatus({ kind: 'notice', text: t('credit.ui.flowsImported', { rows: String(next.flows?.rows ?? 0) }) });
    } catch (e) {
      failWith(e);
    } finally {
      setBusy(null);
    }
  }

  const collect = (item: DataItem) => setCollected((s) => (s.has(item) ? s : new Set(s).add(item)));
  const toggle = (item: DataItem) =>
    setCollected((s) => {
      const n = new Set(s);
      if (n.has(item)) n.delete(item);
      else n.add(item);
      return n;
    });
  const edited = (key: string) => {
    if (status?.kind === 'notice') setStatus(null);
    if (fieldErrors[key]) setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };

  function fillCleanBureau() {
    collect('credit-report');
    setText((x) => ({ ...x, ...CLEAN_BUREAU }));
    for (const k of Object.keys(CLEAN_BUREAU)) edited(k);
    // On to the first figure still to read off the report.
    requestAnimationFrame(() => {
      const next = FACTS_BY_ITEM['credit-report'].find((f) => !(f.key in CLEAN_BUREAU));
      if (next) document.getElementById(`fact-${next.key}`)?.focus();
    });
  }

  useShortcuts(
    { save: () => void save(), nextStep: () => void submit(), bureauClean: () => items.includes('credit-report') && fillCleanBureau() },
    !covered && !busy,
  );

  const message = (key: string) =>
    fieldErrors[key] ? <span className="field-error" id={`${key}-error`} data-testid={`field-error-${key}`}>{fieldErrors[key]}</span> : null;
  const invalid = (key: string) => (fieldErrors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${key}-error` } : {});

  const input = (item: DataItem) => (f: FactField) => {
    const id = `fact-${f.key}`;
    const label = en ? f.en : f.zh;
    const value = text[f.key] ?? '';
    const set = (v: string) => {
      setText((x) => ({ ...x, [f.key]: v }));
      // Reading a figure off a document means the document is here.
      if (v !== '' && item !== BANK_ITEM) collect(item);
      edited(f.key);
    };
    if (f.derived) {
      const v = (app.facts as Record<string, unknown>)[f.key];
      const shown = v === undefined ? t('credit.ui.derivedPending') : f.kind === 'fen' ? formatYuan(v as number) : f.kind === 'bp' ? formatBpAsPercent(v as number) : f.kind === 'bool' ? t(v ? 'credit.ui.yes' : 'credit.ui.no') : String(v);
      return (
        <div className="fact" key={f.key}>
          <span className="field-label">{label}</span>
          <span className="fact-derived" data-testid={id}>{shown}</span>
        </div>
      );
    }
    return (
      <label className={fieldErrors[f.key] ? 'fact field has-error' : 'fact field'} key={f.key} htmlFor={id}>
        <span className="field-label">{label}</span>
        {f.kind === 'bool' ? (
          <select id={id} value={value} onChange={(e) => set(e.target.value)} {...invalid(f.key)}>
            <option value="">—</option>
            <option value="false">{t('credit.ui.no')}</option>
            <option value="true">{t('credit.ui.yes')}</option>
          </select>
        ) : f.kind === 'enum' ? (
          <select id={id} value={value} onChange={(e) => set(e.target.value)} {...invalid(f.key)}>
            <option value="">—</option>
            {(f.options ?? []).map((o) => <option key={o} value={o}>{en ? EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.en ?? o : EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.zh ?? o}</option>)}
          </select>
        ) : (
          <input id={id} value={value} inputMode={f.kind === 'text' ? 'text' : 'decimal'} onChange={(e) => set(e.target.value)} onFocus={selectAll} autoComplete="off" {...invalid(f.key)} />
        )}
        {message(f.key)}
      </label>
    );
  };

  const done = items.filter((i) => collected.has(i)).length;
  return (
    <div className="credit-page" data-testid="application-editor" ref={formRef} onKeyDown={moveToNextField}>
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.applicationTitle', { name: app.customerName, product: t(`credit.product.${app.productCode}`) })}</h1>
        <span className="state-tag state-draft">{t('credit.state.draft')}</span>
        {app.renewalOf && <span className="tag">{t('credit.ui.renewal')}</span>}
      </div>
      <div className="editor-terms">
        <label className={fieldErrors.amount ? 'field has-error' : 'field'} htmlFor="app-amount">
          <span className="field-label">{t('credit.ui.requested')}（{t('credit.ui.yuan')}）</span>
          <input id="app-amount" value={amount} onChange={(e) => { setAmount(e.target.value); edited('amount'); }} onFocus={selectAll} inputMode="decimal" autoFocus autoComplete="off" {...invalid('amount')} />
          {message('amount') ?? <span className="field-hint muted">{t('credit.ui.amountRange', { min: formatYuan(product.minLimitFen), max: formatYuan(product.maxLimitFen) })}</span>}
        </label>
        <label className={fieldErrors.term ? 'field has-error' : 'field'} htmlFor="app-term">
          <span className="field-label">{t('credit.ui.termMonths', { max: String(product.maxTermMonths) })}</span>
          <input id="app-term" value={term} onChange={(e) => { setTerm(e.target.value); edited('term'); }} onFocus={selectAll} inputMode="numeric" autoComplete="off" {...invalid('term')} />
          {message('term')}
        </label>
        <label className="field" htmlFor="app-method">
          <span className="field-label">{t('credit.ui.method')}</span>
          <select id="app-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {product.repaymentMethods.map((m) => <option key={m} value={m}>{t(`credit.method.${m}`)}</option>)}
          </select>
        </label>
      </div>

      <section className="checklist" aria-label={t('credit.ui.checklist')}>
        <h2>{t('credit.ui.checklist')} <span className="muted">{t('credit.ui.checklistCount', { done: String(done), total: String(items.length) })}</span></h2>
        {items.map((item) => {
          const required = product.requiredData.includes(item);
          const on = collected.has(item);
          const facts = FACTS_BY_ITEM[item];
          return (
            <div key={item} className={on ? 'check-item done' : required ? 'check-item missing' : 'check-item'} data-testid={`item-${item}`}>
              <label className="check-head">
                <input type="checkbox" checked={on} onChange={() => toggle(item)} aria-label={t(`credit.data.${item}`)} />
                <span className="check-mark" aria-hidden="true">{on ? '✓' : required ? '✕' : '○'}</span>
                <strong>{t(`credit.data.${item}`)}</strong>
                <span className={required ? 'tag tag-required' : 'tag'}>{t(required ? 'credit.ui.required' : 'credit.ui.optional')}</span>
                <span className="muted">{on ? t('credit.ui.collected') : t('credit.ui.notCollected')}</span>
                {item === 'credit-report' && (
                  <button type="button" className="button button-small check-quick" onClick={fillCleanBureau} data-testid="bureau-clean">
                    {t('credit.ui.bureauClean')} <kbd>{keyLabel('bureauClean')}</kbd>
                  </button>
                )}
              </label>
              {(on || required) && facts.length > 0 && <div className="facts">{facts.map(input(item))}</div>}
              {item === 'merchant-flows' && (
                <div className="facts">
                  <input ref={fileRef} type="file" accept=".csv,.txt,.xlsx" className="sr-only" onChange={(e) => e.target.files?.[0] && void importFlows(e.target.files[0])} data-testid="flows-file" />
                  <button type="button" className="button button-small" onClick={() => fileRef.current?.click()} disabled={!!busy}>{t('credit.ui.importFlows')}</button>
                  {app.flows && <span className="muted">{t('credit.ui.flowsSummary', { file: app.flows.fileName, rows: String(app.flows.rows), months: String(app.flows.analysis.months.length), errors: String(app.flows.errors.length) })}</span>}
                </div>
              )}
              {item === 'ownership' && on && (
                <div className="facts">
                  <a href={`#/loans/ownership/${encodeURIComponent(app.customerId)}`}>{t('credit.ui.ownership')}</a>
                  {app.ownership && <span className="muted">{t('credit.ui.ownershipSummary', { owners: app.ownership.beneficialOwners.join('、') || '—', controller: app.ownership.actualController ?? '—' })}</span>}
                </div>
              )}
            </div>
          );
        })}
        <div className="check-item done">
          <div className="check-head"><strong>{t('credit.ui.bankFacts')}</strong><span className="tag">{t('credit.ui.optional')}</span></div>
          <div className="facts">{BANK_FACTS.map(input(BANK_ITEM))}</div>
        </div>
      </section>
      <FactSources sources={app.factSources ?? []} />

      {missing.length > 0 && (
        <div className="notice notice-warning" data-testid="missing-list">
          {t('credit.ui.missingNow', { items: missing.map((m) => (en ? m.nameEn : m.nameZh)).join('、') })}
        </div>
      )}
      {status?.kind === 'error' && <div className="notice notice-error" role="alert" data-testid="editor-error">{status.text}</div>}
      <div className="editor-actions">
        <span className="footer-status" role="status" data-testid="editor-status">{busy ? t('credit.ui.working') : status?.kind === 'notice' ? status.text : null}</span>
        <button type="button" className="button" onClick={() => void save()} disabled={!!busy}>{t('credit.ui.saveDraft')} <kbd>{keyLabel('save')}</kbd></button>
        <button type="button" className="button button-primary" onClick={() => void submit()} disabled={!!busy} data-testid="submit-application">
          {t('credit.ui.submit')} <kbd className="kbd-on-primary">{keyLabel('nextStep')}</kbd>
        </button>
      </div>
    </div>
  );
}

/** A figure reached with Enter or Tab is typed over, as on the paper-form screens tellers know; nothing to clear first. */
function selectAll(e: FocusEvent<HTMLInputElement>): void {
  e.currentTarget.select();
}

/** The bank's own figures (deposits, years as a customer) belong to no document. */
const BANK_ITEM = 'bank' as DataItem;

import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BANK_FACTS, EMPLOYER_GRADE_NAMES, FACTS_BY_ITEM, type FactField } from '../../../domain/credit/collection';
import { missingData, PRODUCTS, type DataItem } from '../../../domain/credit/products';
import type { ApplicantFacts } from '../../../domain/credit/rules/fields';
import type { ApplicationPatch, ApplicationView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { useShortcuts } from '../shortcuts';
import { errorText } from '../labels';
import { fenToYuanText, formatBpAsPercent, formatYuan, yuanToFen } from './credit-format';

type FactText = Record<string, string>;

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

/** Typed text → facts; a bad number is reported by field name rather than silently dropped. */
function textToFacts(text: FactText, fields: FactField[], t: (k: string, p?: Record<string, string>) => string, en: boolean): { facts: Record<string, unknown>; errors: string[] } {
  const facts: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const f of fields) {
    if (f.derived) continue;
    const raw = (text[f.key] ?? '').trim();
    if (!raw) continue;
    const label = en ? f.en : f.zh;
    if (f.kind === 'fen') {
      const fen = yuanToFen(raw);
      if (fen === null) errors.push(t('credit.ui.badAmount', { field: label }));
      else facts[f.key] = fen;
    } else if (f.kind === 'int') {
      if (!/^\d+$/.test(raw)) errors.push(t('credit.ui.badInt', { field: label }));
      else facts[f.key] = Number(raw);
    } else if (f.kind === 'bool') facts[f.key] = raw === 'true';
    else facts[f.key] = raw;
  }
  return { facts, errors };
}

/** The data-collection form: only the product's checklist, done/missing at a glance; Ctrl+S saves the draft, Ctrl+Enter submits. */
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
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const missing = useMemo(() => missingData(product, collected), [product, collected]);

  function patch(): ApplicationPatch | null {
    const fen = yuanToFen(amount);
    const months = Number(term);
    const fields = [...items.filter((i) => collected.has(i)).flatMap((i) => FACTS_BY_ITEM[i]), ...BANK_FACTS];
    const { facts, errors } = textToFacts(text, fields, t, en);
    if (fen === null || fen <= 0) errors.unshift(t('credit.ui.badAmount', { field: t('credit.ui.requested') }));
    if (!Number.isInteger(months) || months < 1 || months > product.maxTermMonths) errors.unshift(t('credit.ui.badTerm', { max: String(product.maxTermMonths) }));
    if (errors.length) {
      setError(errors.join('；'));
      return null;
    }
    return { requestedAmountFen: fen!, termMonths: months, repaymentMethod: method, collectedData: items.filter((i) => collected.has(i)), facts: facts as ApplicantFacts };
  }

  async function save(): Promise<ApplicationView | null> {
    const p = patch();
    if (!p) return null;
    setBusy('save');
    try {
      const next = await api.call('loans.update', { id: app.id, rev: app.rev, patch: p });
      onChange(next);
      setText(factsToText(next.facts));
      setError(null);
      setNotice(t('credit.ui.draftSaved'));
      return next;
    } catch (e) {
      setError(errorText(e, t));
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    const saved = await save();
    if (!saved) return;
    setBusy('submit');
    try {
      onChange(await api.call('loans.submit', { id: saved.id, rev: saved.rev }));
    } catch (e) {
      setError(errorText(e, t));
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
      setNotice(t('credit.ui.flowsImported', { rows: String(next.flows?.rows ?? 0) }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  }

  useShortcuts({ save: () => void save(), nextStep: () => void submit() }, !covered && !busy);

  const toggle = (item: DataItem) =>
    setCollected((s) => {
      const n = new Set(s);
      if (n.has(item)) n.delete(item);
      else n.add(item);
      return n;
    });

  const input = (f: FactField) => {
    const id = `fact-${f.key}`;
    const label = en ? f.en : f.zh;
    const value = text[f.key] ?? '';
    const set = (v: string) => setText((x) => ({ ...x, [f.key]: v }));
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
      <label className="fact field" key={f.key} htmlFor={id}>
        <span className="field-label">{label}</span>
        {f.kind === 'bool' ? (
          <select id={id} value={value} onChange={(e) => set(e.target.value)}>
            <option value="">—</option>
            <option value="false">{t('credit.ui.no')}</option>
            <option value="true">{t('credit.ui.yes')}</option>
          </select>
        ) : f.kind === 'enum' ? (
          <select id={id} value={value} onChange={(e) => set(e.target.value)}>
            <option value="">—</option>
            {(f.options ?? []).map((o) => <option key={o} value={o}>{en ? EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.en ?? o : EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.zh ?? o}</option>)}
          </select>
        ) : (
          <input id={id} value={value} inputMode={f.kind === 'text' ? 'text' : 'decimal'} onChange={(e) => set(e.target.value)} autoComplete="off" />
        )}
      </label>
    );
  };

  return (
    <div className="credit-page" data-testid="application-editor">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.applicationTitle', { name: app.customerName, product: t(`credit.product.${app.productCode}`) })}</h1>
        <span className="state-tag state-draft">{t('credit.state.draft')}</span>
        {app.renewalOf && <span className="tag">{t('credit.ui.renewal')}</span>}
      </div>
      <div className="editor-terms">
        <label className="field" htmlFor="app-amount">
          <span className="field-label">{t('credit.ui.requested')}（{t('credit.ui.yuan')}）</span>
          <input id="app-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoFocus autoComplete="off" />
        </label>
        <label className="field" htmlFor="app-term">
          <span className="field-label">{t('credit.ui.termMonths', { max: String(product.maxTermMonths) })}</span>
          <input id="app-term" value={term} onChange={(e) => setTerm(e.target.value)} inputMode="numeric" autoComplete="off" />
        </label>
        <label className="field" htmlFor="app-method">
          <span className="field-label">{t('credit.ui.method')}</span>
          <select id="app-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {product.repaymentMethods.map((m) => <option key={m} value={m}>{t(`credit.method.${m}`)}</option>)}
          </select>
        </label>
      </div>

      <section className="checklist" aria-label={t('credit.ui.checklist')}>
        <h2>{t('credit.ui.checklist')} <span className="muted">{t('credit.ui.checklistCount', { done: String(items.filter((i) => collected.has(i)).length), total: String(items.length) })}</span></h2>
        {items.map((item) => {
          const required = product.requiredData.includes(item);
          const on = collected.has(item);
          return (
            <div key={item} className={on ? 'check-item done' : required ? 'check-item missing' : 'check-item'} data-testid={`item-${item}`}>
              <label className="check-head">
                <input type="checkbox" checked={on} onChange={() => toggle(item)} aria-label={t(`credit.data.${item}`)} />
                <span className="check-mark" aria-hidden="true">{on ? '✓' : required ? '✕' : '○'}</span>
                <strong>{t(`credit.data.${item}`)}</strong>
                <span className={required ? 'tag tag-required' : 'tag'}>{t(required ? 'credit.ui.required' : 'credit.ui.optional')}</span>
                <span className="muted">{on ? t('credit.ui.collected') : t('credit.ui.notCollected')}</span>
              </label>
              {on && FACTS_BY_ITEM[item].length > 0 && <div className="facts">{FACTS_BY_ITEM[item].map(input)}</div>}
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
          <div className="facts">{BANK_FACTS.map(input)}</div>
        </div>
      </section>

      {missing.length > 0 && (
        <div className="notice notice-warning" data-testid="missing-list">
          {t('credit.ui.missingNow', { items: missing.map((m) => (en ? m.nameEn : m.nameZh)).join('、') })}
        </div>
      )}
      {error && <div className="notice notice-error" role="alert" data-testid="editor-error">{error}</div>}
      <div className="editor-actions">
        <span className="footer-status" role="status">{busy ? t('credit.ui.working') : notice}</span>
        <button type="button" className="button" onClick={() => void save()} disabled={!!busy}>{t('credit.ui.saveDraft')} <kbd>Ctrl+S</kbd></button>
        <button type="button" className="button button-primary" onClick={() => void submit()} disabled={!!busy} data-testid="submit-application">
          {t('credit.ui.submit')} <kbd className="kbd-on-primary">Ctrl+Enter</kbd>
        </button>
      </div>
    </div>
  );
}

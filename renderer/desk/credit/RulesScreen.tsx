import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRODUCT_CODES, type ProductCode } from '../../../domain/credit/products';
import type { DryRunResult, RuleSet } from '../../../domain/credit/rules';
import type { ApiResult } from '../../../main/core/api/contract';
import { api, ApiCallError } from '../../api/client';
import { describeError } from '../labels';
import type { ScreenProps } from '../nav';
import { fenToYuanText, formatBpAsPercent, formatYuan, yuanToFen } from './credit-format';
import './credit.css';
import { showDate, showDateTime } from '../../format/time';

type Detail = ApiResult<'rules.get'>;

function NumberCell({ value, onChange, label, width = 80 }: { value: number; onChange(v: number): void; label: string; width?: number }) {
  const [text, setText] = useState(String(value));
  // Follow edits made elsewhere (JSON tab, reload) without fighting what is being typed.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(String(value));
  }
  return (
    <input
      aria-label={label}
      className={/^-?\d+$/.test(text) ? 'num-input' : 'num-input invalid'}
      style={{ width }}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (/^-?\d+$/.test(e.target.value)) onChange(Number(e.target.value));
      }}
    />
  );
}

function YuanCell({ fen, onChange, label }: { fen: number; onChange(v: number): void; label: string }) {
  const [text, setText] = useState(fenToYuanText(fen));
  const [shown, setShown] = useState(fen);
  if (fen !== shown) {
    setShown(fen);
    setText(fenToYuanText(fen));
  }
  return (
    <input aria-label={label} className="num-input" style={{ width: 120 }} value={text} onChange={(e) => {
      setText(e.target.value);
      const v = yuanToFen(e.target.value);
      if (v !== null) onChange(v);
    }} />
  );
}

/** Head office's rule editor: thresholds and tables as forms, a dry run against this branch's past applications, publishing. */
export function RulesScreen({ session }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const canEdit = session.permissions.includes('rules.edit');
  const canPublish = session.permissions.includes('rules.publish');
  const [product, setProduct] = useState<ProductCode>('gold-collar');
  const [detail, setDetail] = useState<Detail | null>(null);
  const [rs, setRs] = useState<RuleSet | null>(null);
  const [notes, setNotes] = useState('');
  const [dry, setDry] = useState<(DryRunResult & { currentVersion: number }) | null>(null);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof ApiCallError ? (e.body.fields?.map((f) => `${f.path}: ${f.params?.reason ?? f.message}`).join('；') || describeError(e.body, t)) : String(e)), [t]);

  const load = useCallback(() => {
    api.call('rules.get', { product }).then((d) => {
      setDetail(d);
      const base = structuredClone(d.draft?.ruleSet ?? d.current.ruleSet);
      setRs(base);
      setJson(JSON.stringify(base, null, 2));
      setNotes(d.draft?.notes ?? '');
      setDry(null);
      setError(null);
    }, fail);
  }, [product, fail]);
  useEffect(load, [load]);

  const edit = (fn: (r: RuleSet) => void) => setRs((r) => {
    if (!r) return r;
    const n = structuredClone(r);
    fn(n);
    setJson(JSON.stringify(n, null, 2));
    return n;
  });

  function current(): RuleSet | null {
    if (tab === 'json') {
      try {
        return JSON.parse(json) as RuleSet;
      } catch (e) {
        setError(t('credit.ui.badJson', { reason: (e as Error).message }));
        return null;
      }
    }
    return rs;
  }

  const dryRun = () => {
    const r = current();
    if (r) api.call('rules.dryRun', { product, ...(canEdit ? { ruleSet: r } : {}) }).then((d) => { setDry(d); setError(null); }, fail);
  };
  const save = () => {
    const r = current();
    if (r) api.call('rules.saveDraft', { product, rev: detail?.draft?.rev, ruleSet: r, notes }).then(() => { setToast(t('credit.ui.ruleDraftSaved')); load(); }, fail);
  };
  const publish = () => {
    if (detail?.draft) api.call('rules.publish', { product, draftRev: detail.draft.rev }).then((s) => { setToast(t('credit.ui.rulePublished', { v: String(s.version) })); load(); }, fail);
  };

  const m = rs?.models;
  return (
    <div className="credit-page rules" data-testid="rules-screen">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.rules')}</h1>
        <select value={product} onChange={(e) => setProduct(e.target.value as ProductCode)} aria-label={t('credit.ui.product')} data-testid="rules-product">
          {PRODUCT_CODES.map((p) => <option key={p} value={p}>{t(`credit.product.${p}`)}</option>)}
        </select>
        {detail && <span className="muted">{t('credit.ui.ruleCurrent', { v: String(detail.current.version), at: showDate(detail.current.publishedAt), who: detail.current.publishedByName })}</span>}
        {detail?.draft && <span className="tag tag-required">{t('credit.ui.ruleDraft', { who: detail.draft.savedByName, at: showDateTime(detail.draft.savedAt) })}</span>}
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {toast && <p className="notice notice-info" role="status">{toast}</p>}
      {rs && m && (
        <>
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'form'} className={tab === 'form' ? 'tab active' : 'tab'} onClick={() => setTab('form')}>{t('credit.ui.ruleForm')}</button>
            <button type="button" role="tab" aria-selected={tab === 'json'} className={tab === 'json' ? 'tab active' : 'tab'} onClick={() => setTab('json')}>JSON</button>
          </div>
          {tab === 'json' ? (
            <textarea className="json-edit" value={json} onChange={(e) => setJson(e.target.value)} readOnly={!canEdit} spellCheck={false} aria-label="JSON" />
          ) : (
            <fieldset className="rule-form" disabled={!canEdit}>
              <section className="panel">
                <h2>{t('credit.ui.model.riskDecision')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.approveMinScore')} <NumberCell label={t('credit.ui.approveMinScore')} value={m.riskDecision.approveMinScore} onChange={(v) => edit((r) => { r.models.riskDecision.approveMinScore = v; })} /></label>
                  <label>{t('credit.ui.referMinScore')} <NumberCell label={t('credit.ui.referMinScore')} value={m.riskDecision.referMinScore} onChange={(v) => edit((r) => { r.models.riskDecision.referMinScore = v; })} /></label>
                  <label>{t('credit.ui.autoApproveMax')} <YuanCell label={t('credit.ui.autoApproveMax')} fen={m.riskDecision.autoApproveMaxFen} onChange={(v) => edit((r) => { r.models.riskDecision.autoApproveMaxFen = v; })} /></label>
                </div>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{t('credit.ui.ruleMessage')}</th><th>{t('credit.ui.ruleEffect')}</th></tr></thead>
                  <tbody>{m.riskDecision.rules.map((r, i) => (
                    <tr key={r.code}><td className="mono">{r.code}</td><td>{en ? r.message.en : r.message.zh}</td>
                      <td><select value={r.effect} aria-label={`${r.code} ${t('credit.ui.ruleEffect')}`} onChange={(e) => edit((x) => { x.models.riskDecision.rules[i]!.effect = e.target.value as 'reject' | 'refer'; })}>
                        <option value="refer">{t('credit.outcome.refer')}</option><option value="reject">{t('credit.outcome.reject')}</option></select></td></tr>
                  ))}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.admission')}</h2>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{t('credit.ui.ruleMessage')}</th><th>{t('credit.ui.ruleThreshold')}</th><th>{t('credit.ui.ruleEffect')}</th></tr></thead>
                  <tbody>{m.admission.rules.map((r, i) => {
                    const c = r.require;
                    return (
                      <tr key={r.code}><td className="mono">{r.code}</td><td>{en ? r.message.en : r.message.zh}</td>
                        <td>{'op' in c && (c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte') ? (
                          <span className="mono">{c.field} {c.op} <NumberCell label={`${r.code}`} value={c.value} onChange={(v) => edit((x) => { (x.models.admission.rules[i]!.require as { value: number }).value = v; })} /></span>
                        ) : 'op' in c && c.op === 'between' ? (
                          <span className="mono">{c.field} <NumberCell label={`${r.code} min`} width={56} value={c.min} onChange={(v) => edit((x) => { (x.models.admission.rules[i]!.require as { min: number }).min = v; })} /> – <NumberCell label={`${r.code} max`} width={56} value={c.max} onChange={(v) => edit((x) => { (x.models.admission.rules[i]!.require as { max: number }).max = v; })} /></span>
                        ) : <span className="muted">{t('credit.ui.ruleInJson')}</span>}</td>
                        <td><select value={r.effect} aria-label={`${r.code} ${t('credit.ui.ruleEffect')}`} onChange={(e) => edit((x) => { x.models.admission.rules[i]!.effect = e.target.value as 'reject' | 'refer'; })}>
                          <option value="refer">{t('credit.outcome.refer')}</option><option value="reject">{t('credit.outcome.reject')}</option></select></td></tr>
                    );
                  })}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.limit')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.capFen')} <YuanCell label={t('credit.ui.capFen')} fen={m.limit.capFen} onChange={(v) => edit((r) => { r.models.limit.capFen = v; })} /></label>
                  <label>{t('credit.ui.floorFen')} <YuanCell label={t('credit.ui.floorFen')} fen={m.limit.floorFen} onChange={(v) => edit((r) => { r.models.limit.floorFen = v; })} /></label>
                </div>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.limitBase')}</th><th>{t('credit.ui.multiplierBp')}</th></tr></thead>
                  <tbody>{m.limit.bases.map((b, i) => <tr key={b.code}><td className="mono">{b.field}</td><td><NumberCell label={`${b.code} multiplier`} value={b.multiplierBp} width={100} onChange={(v) => edit((r) => { r.models.limit.bases[i]!.multiplierBp = v; })} /> <span className="muted">= ×{(b.multiplierBp / 10_000).toFixed(2)}</span></td></tr>)}</tbody></table>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.minScore')}</th><th>{t('credit.ui.factorBp')}</th></tr></thead>
                  <tbody>{m.limit.scoreFactors.map((f, i) => <tr key={i}><td><NumberCell label={`factor ${i} min`} value={f.minScore} width={100} onChange={(v) => edit((r) => { r.models.limit.scoreFactors[i]!.minScore = v; })} /></td><td><NumberCell label={`factor ${i}`} value={f.factorBp} onChange={(v) => edit((r) => { r.models.limit.scoreFactors[i]!.factorBp = v; })} /> <span className="muted">{formatBpAsPercent(f.factorBp)}</span></td></tr>)}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.pricing')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.minRate')} <NumberCell label={t('credit.ui.minRate')} value={m.pricing.minRateBp} onChange={(v) => edit((r) => { r.models.pricing.minRateBp = v; })} /></label>
                  <label>{t('credit.ui.maxRate')} <NumberCell label={t('credit.ui.maxRate')} value={m.pricing.maxRateBp} onChange={(v) => edit((r) => { r.models.pricing.maxRateBp = v; })} /></label>
                  <span className="muted">{t('credit.ui.spreadHint')}</span>
                </div>
                <div className="spread-tables">
                  {m.pricing.limitBands.map((lb, li) => (
                    <table key={lb.code} className="grid compact">
                      <caption>{t('credit.ui.limitBand', { max: lb.maxFen >= Number.MAX_SAFE_INTEGER ? '∞' : formatYuan(lb.maxFen) })}</caption>
                      <thead><tr><th>{t('credit.ui.scoreBand')}</th>{m.pricing.termBands.map((tb) => <th key={tb.code}>≤{tb.maxMonths}{t('credit.ui.monthShort')}</th>)}</tr></thead>
                      <tbody>{m.pricing.scoreBands.map((sb, si) => (
                        <tr key={sb.code}><td>{sb.code}（≥{sb.minScore < -100000 ? '—' : sb.minScore}）</td>
                          {m.pricing.termBands.map((tb, ti) => <td key={tb.code}><NumberCell width={56} label={`spread ${sb.code} ${tb.code} ${lb.code}`} value={m.pricing.spreadBp[si]![ti]![li]!} onChange={(v) => edit((r) => { r.models.pricing.spreadBp[si]![ti]![li] = v; })} /></td>)}
                        </tr>
                      ))}</tbody>
                    </table>
                  ))}
                </div>
              </section>
            </fieldset>
          )}
          <section className="panel">
            <h2>{t('credit.ui.dryRun')}</h2>
            <div className="editor-actions left">
              <button type="button" className="button" onClick={dryRun} data-testid="dry-run">{t('credit.ui.dryRunButton')}</button>
              {canEdit && <label className="field inline-field"><span className="field-label">{t('credit.ui.ruleNotes')}</span><input value={notes} onChange={(e) => setNotes(e.target.value)} aria-label={t('credit.ui.ruleNotes')} /></label>}
              {canEdit && <button type="button" className="button" onClick={save} data-testid="save-draft">{t('credit.ui.saveDraft')}</button>}
              {canPublish && <button type="button" className="button button-primary" onClick={publish} disabled={!detail?.draft} data-testid="publish">{t('credit.ui.publish')}</button>}
            </div>
            {dry && (
              <div data-testid="dry-run-result">
                <p>{t('credit.ui.dryRunSummary', { total: String(dry.total), changed: String(dry.changed), outcome: String(dry.outcomeChanged), limit: String(dry.limitChanged), rate: String(dry.rateChanged), v: String(dry.currentVersion) })}</p>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.transition')}</th><th className="num">{t('credit.ui.count')}</th></tr></thead>
                  <tbody>{Object.entries(dry.byTransition).map(([k, n]) => {
                    const [from, to] = k.split('→');
                    return <tr key={k}><td>{t(`credit.outcome.${from}`)} → {t(`credit.outcome.${to}`)}</td><td className="num">{n}</td></tr>;
                  })}
                  {Object.keys(dry.byTransition).length === 0 && <tr><td colSpan={2} className="muted">{t('credit.ui.noTransitions')}</td></tr>}</tbody></table>
                {dry.errors.length > 0 && <p className="notice notice-warning">{t('credit.ui.dryRunErrors', { n: String(dry.errors.length) })}</p>}
              </div>
            )}
          </section>
          {detail && (
            <section className="panel">
              <h2>{t('credit.ui.versions')}</h2>
              <table className="grid compact"><tbody>{detail.versions.map((v) => <tr key={v.version}><td>v{v.version}</td><td>{showDateTime(v.publishedAt)}</td><td>{v.publishedByName}</td><td>{v.notes}</td><td className="mono muted">{v.digest.slice(7, 19)}</td></tr>)}</tbody></table>
            </section>
          )}
        </>
      )}
    </div>
  );
}

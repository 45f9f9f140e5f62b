import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRODUCT_CODES, type ProductCode } from '../../../domain/credit/products';
import type { DryRunResult, RuleSet } from '../../../domain/credit/rules';
import { ruleName } from '../../../domain/credit/rules/rule-names';
import { WARNING_LEVELS, type Condition, type Message } from '../../../domain/credit/rules/schema';
import { fieldPathLabel, splitPath } from '../../../i18n/field-path';
import type { ApiResult } from '../../../main/core/api/contract';
import { api, ApiCallError } from '../../api/client';
import { showDate, showDateTime } from '../../format/time';
import { errorText, fieldErrorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { formatYuan } from './credit-format';
import { ConditionEditor } from './rules/ConditionEditor';
import { IntInput, InvalidContext, PercentInput, YuanInput, type InvalidEntries } from './rules/inputs';
import { jsonErrorText } from './rules/json-error';
import './credit.css';

type Detail = ApiResult<'rules.get'>;
type Models = RuleSet['models'];
type Effect = 'reject' | 'refer';

/** A rule's message with each {placeholder} shown as the input it names: what the reason will say, in words. */
function preview(message: Message, en: boolean, t: (k: string) => string): string {
  return (en ? message.en : message.zh).replace(/\{(\w+)(?:\|\w+)?\}/g, (_, f: string) => (en ? `[${t(`field.${f}`)}]` : `〔${t(`field.${f}`)}〕`));
}

/** Head office's rule editor: every model as forms in words, a dry run against this branch's past applications, publishing. */
export function RulesScreen({ session }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const lang = en ? 'en' : 'zh';
  const canEdit = session.permissions.includes('rules.edit');
  const canPublish = session.permissions.includes('rules.publish');
  const [product, setProduct] = useState<ProductCode>('gold-collar');
  const [detail, setDetail] = useState<Detail | null>(null);
  const [rs, setRs] = useState<RuleSet | null>(null);
  const [notes, setNotes] = useState('');
  const [dry, setDry] = useState<(DryRunResult & { currentVersion: number }) | null>(null);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  // Errors and confirmations show beside the buttons that caused them, not at the top of a long page.
  const [result, setResult] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [invalid, setInvalid] = useState<InvalidEntries>(new Map());
  const [notesMissing, setNotesMissing] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  const report = useCallback((id: string, entry: { label: string; text: string; hint: string } | null) => {
    setInvalid((m) => {
      if (!entry && !m.has(id)) return m;
      const cur = m.get(id);
      if (entry && cur && cur.text === entry.text && cur.label === entry.label) return m;
      const next = new Map(m);
      if (entry) next.set(id, entry);
      else next.delete(id);
      return next;
    });
  }, []);

  const show = useCallback((kind: 'error' | 'info', text: string) => {
    setResult({ kind, text });
    requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: 'nearest' }));
  }, []);
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiCallError && e.body.fields?.length) {
        // "准入模型·规则第4行·准入条件·上限" reads better as the rule's own name.
        show('error', e.body.fields.map((f) => fieldErrorText(f, t, rulePathLabel(f.path, rs, t, lang))).join('；'));
      } else show('error', errorText(e, t));
    },
    [show, t, rs, lang],
  );

  const load = useCallback(() => {
    api.call('rules.get', { product }).then((d) => {
      setDetail(d);
      const base = structuredClone(d.draft?.ruleSet ?? d.current.ruleSet);
      setRs(base);
      setJson(JSON.stringify(base, null, 2));
      setNotes(d.draft?.notes ?? '');
      setDry(null);
    }, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [product]);
  useEffect(load, [load]);

  const edit = (fn: (m: Models) => void) =>
    setRs((r) => {
      if (!r) return r;
      const n = structuredClone(r);
      fn(n.models);
      setJson(JSON.stringify(n, null, 2));
      return n;
    });

  /** The rule set to send, or null with the reason shown: never a stale value behind a box that is red. */
  function current(): RuleSet | null {
    if (tab === 'json') {
      try {
        return JSON.parse(json) as RuleSet;
      } catch (e) {
        show('error', jsonErrorText(json, e, t));
        return null;
      }
    }
    const bad = [...invalid.values()];
    if (bad.length) {
      show('error', t('credit.ui.rules.invalidInputs', { list: bad.map((b) => t('credit.ui.rules.invalidOne', { label: b.label, text: b.text, hint: b.hint })).join('；') }));
      return null;
    }
    return rs;
  }

  const dryRun = () => {
    const r = current();
    if (r) api.call('rules.dryRun', { product, ...(canEdit ? { ruleSet: r } : {}) }).then((d) => { setDry(d); setResult(null); }, fail);
  };
  const save = () => {
    const r = current();
    if (!r) return;
    if (notes.trim().length < 2) {
      setNotesMissing(true);
      show('error', t('credit.ui.rules.notesRequired'));
      document.getElementById('rule-notes')?.focus();
      return;
    }
    api.call('rules.saveDraft', { product, rev: detail?.draft?.rev, ruleSet: r, notes }).then(() => { show('info', t('credit.ui.ruleDraftSaved')); load(); }, fail);
  };
  const publish = () => {
    if (detail?.draft) api.call('rules.publish', { product, draftRev: detail.draft.rev }).then((s) => { show('info', t('credit.ui.rulePublished', { v: String(s.version) })); load(); }, fail);
  };

  const m = rs?.models;
  const effectSelect = (value: Effect, label: string, set: (e: Effect) => void) => (
    <select value={value} aria-label={`${label} ${t('credit.ui.ruleEffect')}`} onChange={(e) => set(e.target.value as Effect)}>
      <option value="refer">{t('credit.outcome.refer')}</option><option value="reject">{t('credit.outcome.reject')}</option>
    </select>
  );
  const ruleCells = (r: { code: string; message: Message }, c: Condition, set: (c: Condition) => void) => {
    const name = ruleName(r.code, r.message, lang);
    return (
      <>
        <td className="rule-name"><strong>{name}</strong><div className="muted small">{preview(r.message, en, t)}</div></td>
        <td><ConditionEditor condition={c} label={name} onChange={set} /></td>
      </>
    );
  };
  const head = (what: string) => (
    <thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{what}</th><th>{t('credit.ui.ruleEffect')}</th></tr></thead>
  );

  const bandName = useMemo(() => (i: number) => t('credit.ui.rules.band', { n: String(i + 1) }), [t]);

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
      {!rs && !result && <ScreenLoading />}
      {rs && m && (
        <InvalidContext.Provider value={report}>
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'form'} className={tab === 'form' ? 'tab active' : 'tab'} onClick={() => setTab('form')}>{t('credit.ui.ruleForm')}</button>
            <button type="button" role="tab" aria-selected={tab === 'json'} className={tab === 'json' ? 'tab active' : 'tab'} onClick={() => setTab('json')}>{t('credit.ui.rules.jsonTab')}</button>
          </div>
          {tab === 'json' ? (
            <textarea className="json-edit" value={json} onChange={(e) => setJson(e.target.value)} readOnly={!canEdit} spellCheck={false} aria-label={t('credit.ui.rules.jsonTab')} />
          ) : (
            <fieldset className="rule-form" disabled={!canEdit}>
              <section className="panel">
                <h2>{t('credit.ui.model.riskDecision')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.approveMinScore')} <IntInput label={t('credit.ui.approveMinScore')} value={m.riskDecision.approveMinScore} onChange={(v) => edit((x) => { x.riskDecision.approveMinScore = v; })} /></label>
                  <label>{t('credit.ui.referMinScore')} <IntInput label={t('credit.ui.referMinScore')} value={m.riskDecision.referMinScore} onChange={(v) => edit((x) => { x.riskDecision.referMinScore = v; })} /></label>
                  <label>{t('credit.ui.autoApproveMax')} <YuanInput label={t('credit.ui.autoApproveMax')} value={m.riskDecision.autoApproveMaxFen} onChange={(v) => edit((x) => { x.riskDecision.autoApproveMaxFen = v; })} /></label>
                </div>
                <table className="grid compact rule-table">{head(t('credit.ui.rules.when'))}
                  <tbody>{m.riskDecision.rules.map((r, i) => (
                    <tr key={r.code}>
                      {ruleCells(r, r.when, (c) => edit((x) => { x.riskDecision.rules[i]!.when = c; }))}
                      <td>{effectSelect(r.effect, ruleName(r.code, r.message, lang), (e) => edit((x) => { x.riskDecision.rules[i]!.effect = e; }))}</td>
                    </tr>
                  ))}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.admission')}</h2>
                <table className="grid compact rule-table">{head(t('credit.ui.rules.require'))}
                  <tbody>{m.admission.rules.map((r, i) => (
                    <tr key={r.code}>
                      {ruleCells(r, r.require, (c) => edit((x) => { x.admission.rules[i]!.require = c; }))}
                      <td>{effectSelect(r.effect, ruleName(r.code, r.message, lang), (e) => edit((x) => { x.admission.rules[i]!.effect = e; }))}</td>
                    </tr>
                  ))}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.rules.scorecard')}</h2>
                <div className="rule-row">
                  <label>{t('field.baseScore')} <IntInput label={t('field.baseScore')} value={m.riskDecision.scorecard.baseScore} onChange={(v) => edit((x) => { x.riskDecision.scorecard.baseScore = v; })} /></label>
                </div>
                <table className="grid compact rule-table">
                  <thead><tr><th>{t('credit.ui.rules.item')}</th><th>{t('credit.ui.rules.bins')}</th><th>{t('field.otherwisePoints')}</th></tr></thead>
                  <tbody>{m.riskDecision.scorecard.characteristics.map((ch, ci) => {
                    const name = ruleName(ch.code, undefined, lang);
                    return (
                      <tr key={ch.code}>
                        <td className="rule-name"><strong>{name}</strong><div className="muted small">{t(`field.${ch.field}`)}</div></td>
                        <td className="bins">{ch.bins.map((b, bi) => (
                          <div key={bi} className="bin">
                            {b.equals !== undefined ? (
                              <span>= {typeof b.equals === 'boolean' ? t(b.equals ? 'credit.ui.yes' : 'credit.ui.no') : String(b.equals)}</span>
                            ) : (
                              <span>
                                {b.min !== undefined && <IntInput width={64} label={`${name} ${t('field.min')} ${bi + 1}`} value={b.min} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.min = v; })} />}
                                {b.min !== undefined ? ' ≤ ' : ''}{t('credit.ui.rules.value')}{b.max !== undefined ? ' < ' : ''}
                                {b.max !== undefined && <IntInput width={64} label={`${name} ${t('field.max')} ${bi + 1}`} value={b.max} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.max = v; })} />}
                              </span>
                            )}
                            <span className="cond-word">→</span>
                            <IntInput width={56} label={`${name} ${t('field.points')} ${bi + 1}`} value={b.points} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.bins[bi]!.points = v; })} suffix={t('credit.ui.rules.points')} />
                          </div>
                        ))}</td>
                        <td><IntInput width={56} label={`${name} ${t('field.otherwisePoints')}`} value={ch.otherwisePoints} onChange={(v) => edit((x) => { x.riskDecision.scorecard.characteristics[ci]!.otherwisePoints = v; })} /></td>
                      </tr>
                    );
                  })}</tbody>
                </table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.limit')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.capFen')} <YuanInput label={t('credit.ui.capFen')} value={m.limit.capFen} onChange={(v) => edit((x) => { x.limit.capFen = v; })} /></label>
                  <label>{t('credit.ui.floorFen')} <YuanInput label={t('credit.ui.floorFen')} value={m.limit.floorFen} onChange={(v) => edit((x) => { x.limit.floorFen = v; })} /></label>
                  <label>{t('field.unitFen')} <YuanInput label={t('field.unitFen')} value={m.limit.unitFen} onChange={(v) => edit((x) => { x.limit.unitFen = v; })} /></label>
                  <label>{t('field.combine')}{' '}
                    <select value={m.limit.combine} onChange={(e) => edit((x) => { x.limit.combine = e.target.value as typeof x.limit.combine; })}>
                      {(['max', 'min', 'sum'] as const).map((c) => <option key={c} value={c}>{t(`credit.ui.rules.combine.${c}`)}</option>)}
                    </select>
                  </label>
                </div>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.limitBase')}</th><th>{t('credit.ui.rules.multiplier')}</th></tr></thead>
                  <tbody>
                    {m.limit.bases.map((b, i) => <tr key={`b-${b.code}`}><td>{ruleName(b.code, undefined, lang)}<span className="muted small">（{t(`field.${b.field}`)}）</span></td><td><PercentInput width={90} label={`${ruleName(b.code, undefined, lang)} ${t('credit.ui.rules.multiplier')}`} value={b.multiplierBp} onChange={(v) => edit((x) => { x.limit.bases[i]!.multiplierBp = v; })} /></td></tr>)}
                    {m.limit.deductions.map((b, i) => <tr key={`d-${b.code}`}><td>{t('credit.ui.rules.deduct')}{ruleName(b.code, undefined, lang)}<span className="muted small">（{t(`field.${b.field}`)}）</span></td><td><PercentInput width={90} label={`${ruleName(b.code, undefined, lang)} ${t('credit.ui.rules.multiplier')}`} value={b.multiplierBp} onChange={(v) => edit((x) => { x.limit.deductions[i]!.multiplierBp = v; })} /></td></tr>)}
                  </tbody></table>
                <table className="grid compact"><thead><tr><th>{t('credit.ui.minScore')}</th><th>{t('credit.ui.rules.factor')}</th></tr></thead>
                  <tbody>{m.limit.scoreFactors.map((f, i) => <tr key={i}><td><IntInput label={`${t('credit.ui.minScore')} ${i + 1}`} value={f.minScore} width={100} onChange={(v) => edit((x) => { x.limit.scoreFactors[i]!.minScore = v; })} /></td><td><PercentInput label={`${t('credit.ui.rules.factor')} ${i + 1}`} value={f.factorBp} onChange={(v) => edit((x) => { x.limit.scoreFactors[i]!.factorBp = v; })} /></td></tr>)}</tbody></table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.pricing')}</h2>
                <div className="rule-row">
                  <label>{t('credit.ui.rules.minRate')} <PercentInput label={t('credit.ui.rules.minRate')} value={m.pricing.minRateBp} onChange={(v) => edit((x) => { x.pricing.minRateBp = v; })} /></label>
                  <label>{t('credit.ui.rules.maxRate')} <PercentInput label={t('credit.ui.rules.maxRate')} value={m.pricing.maxRateBp} onChange={(v) => edit((x) => { x.pricing.maxRateBp = v; })} /></label>
                  <span className="muted">{t('credit.ui.spreadHint')}</span>
                </div>
                <div className="rule-row bands">
                  <span>{t('credit.ui.scoreBand')}：</span>
                  {m.pricing.scoreBands.map((b, i) => (
                    <label key={b.code}>{bandName(i)} ≥ <IntInput width={64} label={`${t('credit.ui.scoreBand')} ${bandName(i)}`} value={b.minScore} onChange={(v) => edit((x) => { x.pricing.scoreBands[i]!.minScore = v; })} /></label>
                  ))}
                </div>
                <div className="rule-row bands">
                  <span>{t('credit.ui.rules.termBand')}：</span>
                  {m.pricing.termBands.map((b, i) => (
                    <label key={b.code}>{bandName(i)} ≤ <IntInput width={48} label={`${t('credit.ui.rules.termBand')} ${bandName(i)}`} value={b.maxMonths} onChange={(v) => edit((x) => { x.pricing.termBands[i]!.maxMonths = v; })} suffix={t('credit.ui.monthShort')} /></label>
                  ))}
                </div>
                <div className="spread-tables">
                  {m.pricing.limitBands.map((lb, li) => (
                    <table key={lb.code} className="grid compact">
                      <caption>{t('credit.ui.limitBand', { max: lb.maxFen >= Number.MAX_SAFE_INTEGER ? '∞' : formatYuan(lb.maxFen) })}</caption>
                      <thead><tr><th>{t('credit.ui.scoreBand')}</th>{m.pricing.termBands.map((tb) => <th key={tb.code}>≤{tb.maxMonths}{t('credit.ui.monthShort')}</th>)}</tr></thead>
                      <tbody>{m.pricing.scoreBands.map((sb, si) => (
                        <tr key={sb.code}><td>{bandName(si)}（≥{sb.minScore < -100000 ? '—' : sb.minScore}）</td>
                          {m.pricing.termBands.map((tb, ti) => <td key={tb.code}><IntInput width={56} label={t('credit.ui.rules.spreadCell', { score: bandName(si), months: String(tb.maxMonths), limit: formatYuan(lb.maxFen) })} value={m.pricing.spreadBp[si]![ti]![li]!} onChange={(v) => edit((x) => { x.pricing.spreadBp[si]![ti]![li] = v; })} /></td>)}
                        </tr>
                      ))}</tbody>
                    </table>
                  ))}
                </div>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.earlyWarning')}</h2>
                <table className="grid compact rule-table">
                  <thead><tr><th>{t('credit.ui.ruleCode')}</th><th>{t('credit.ui.rules.when')}</th><th>{t('field.level')}</th></tr></thead>
                  <tbody>{m.earlyWarning.signals.map((s, i) => (
                    <tr key={s.code}>
                      {ruleCells(s, s.when, (c) => edit((x) => { x.earlyWarning.signals[i]!.when = c; }))}
                      <td><select value={s.level} aria-label={`${ruleName(s.code, s.message, lang)} ${t('field.level')}`} onChange={(e) => edit((x) => { x.earlyWarning.signals[i]!.level = e.target.value as typeof s.level; })}>
                        {(['low', 'medium', 'high'] as const).map((l) => <option key={l} value={l}>{t(`credit.warning.${l}`)}</option>)}
                      </select></td>
                    </tr>
                  ))}</tbody>
                </table>
              </section>
              <section className="panel">
                <h2>{t('credit.ui.model.renewal')}</h2>
                <div className="rule-row">
                  <label>{t('field.maxWarningLevel')}{' '}
                    <select value={m.renewal.maxWarningLevel} onChange={(e) => edit((x) => { x.renewal.maxWarningLevel = e.target.value as typeof x.renewal.maxWarningLevel; })}>
                      {WARNING_LEVELS.map((l) => <option key={l} value={l}>{t(`credit.warning.${l}`)}</option>)}
                    </select>
                  </label>
                </div>
                <table className="grid compact rule-table">{head(t('credit.ui.rules.require'))}
                  <tbody>{m.renewal.rules.map((r, i) => (
                    <tr key={r.code}>
                      {ruleCells(r, r.require, (c) => edit((x) => { x.renewal.rules[i]!.require = c; }))}
                      <td>{effectSelect(r.effect, ruleName(r.code, r.message, lang), (e) => edit((x) => { x.renewal.rules[i]!.effect = e; }))}</td>
                    </tr>
                  ))}</tbody></table>
              </section>
            </fieldset>
          )}
          <section className="panel">
            <h2>{t('credit.ui.dryRun')}</h2>
            {canEdit && (
              <label className={notesMissing && notes.trim().length < 2 ? 'field has-error rule-notes' : 'field rule-notes'} htmlFor="rule-notes">
                <span className="field-label">{t('credit.ui.ruleNotes')}<span className="required" aria-hidden="true">*</span></span>
                <input id="rule-notes" value={notes} onChange={(e) => setNotes(e.target.value)} aria-required="true" placeholder={t('credit.ui.rules.notesHint')} data-testid="rule-notes" />
              </label>
            )}
            <div className="editor-actions left">
              <button type="button" className="button" onClick={dryRun} data-testid="dry-run">{t('credit.ui.dryRunButton')}</button>
              {canEdit && <button type="button" className="button" onClick={save} data-testid="save-draft">{t('credit.ui.saveDraft')}</button>}
              {canPublish && <button type="button" className="button button-primary" onClick={publish} disabled={!detail?.draft} data-testid="publish">{t('credit.ui.publish')}</button>}
            </div>
            <div ref={resultRef}>
              {result && <p className={result.kind === 'error' ? 'notice notice-error' : 'notice notice-info'} role={result.kind === 'error' ? 'alert' : 'status'} data-testid="rules-result">{result.text}</p>}
            </div>
            {dry && (
              <div data-testid="dry-run-result">
                <p>{t('credit.ui.dryRunSummary', { total: String(dry.total), changed: String(dry.changed), outcome: String(dry.outcomeChanged), limit: String(dry.limitChanged), rate: String(dry.rateChanged), v: String(dry.currentVersion) })}</p>
                {Object.keys(dry.byTransition).length > 0 ? (
                  <table className="grid compact"><thead><tr><th>{t('credit.ui.transition')}</th><th className="num">{t('credit.ui.count')}</th></tr></thead>
                    <tbody>{Object.entries(dry.byTransition).map(([k, n]) => {
                      const [from, to] = k.split('→');
                      return <tr key={k}><td>{t(`credit.outcome.${from}`)} → {t(`credit.outcome.${to}`)}</td><td className="num">{n}</td></tr>;
                    })}</tbody></table>
                ) : (
                  <p className="muted">{t('credit.ui.noTransitions')}</p>
                )}
                {dry.errors.length > 0 && <p className="notice notice-warning">{t('credit.ui.dryRunErrors', { n: String(dry.errors.length) })}</p>}
              </div>
            )}
          </section>
          {detail && (
            <section className="panel">
              <h2>{t('credit.ui.versions')}</h2>
              <table className="grid compact" data-testid="rule-versions">
                <thead><tr><th>{t('field.version')}</th><th>{t('field.publishedAt')}</th><th>{t('credit.ui.rules.publishedBy')}</th><th>{t('field.notes')}</th></tr></thead>
                <tbody>{detail.versions.map((v) => (
                  <tr key={v.version}><td>{t('credit.ui.rules.versionN', { v: String(v.version) })}</td><td>{showDateTime(v.publishedAt)}</td><td>{v.publishedByName}</td><td>{v.notes || t('credit.ui.rules.noNotes')}</td></tr>
                ))}</tbody>
              </table>
            </section>
          )}
        </InvalidContext.Provider>
      )}
      {!rs && result && <div ref={resultRef}><p className="notice notice-error" role="alert">{result.text}</p></div>}
    </div>
  );
}

/** A refused path into the rule set, named by the rule it points at: "准入模型·年龄准入范围·上限". */
function rulePathLabel(path: string, rs: RuleSet | null, t: (k: string, p?: Record<string, string | number>) => string, lang: 'zh' | 'en'): string {
  const parts = splitPath(path);
  const at = parts.indexOf('models');
  const model = parts[at + 1];
  const list = parts[at + 2];
  const index = parts[at + 3];
  if (rs && at >= 0 && typeof model === 'string' && typeof index === 'number' && (list === 'rules' || list === 'signals' || list === 'characteristics')) {
    const group = (rs.models as unknown as Record<string, Record<string, { code: string; message?: Message }[]>>)[model]?.[list];
    const rule = group?.[index];
    if (rule) {
      const rest = fieldPathLabel(parts.slice(at + 4), t);
      return [t(`field.${model}`), ruleName(rule.code, rule.message, lang), rest === t('field.unknown') ? null : rest].filter(Boolean).join('·');
    }
  }
  return fieldPathLabel(parts, t);
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductCode } from '../../../../domain/credit/products';
import type { RuleSet } from '../../../../domain/credit/rules';
import type { ApiResult } from '../../../../main/core/api/contract';
import { api, ApiCallError } from '../../../api/client';
import { errorText, fieldErrorText } from '../../labels';
import type { RulesResult } from './DryRunAndPublish';
import type { DryRun } from './DryRunResult';
import type { InvalidEntries } from './inputs';
import { jsonErrorText } from './json-error';
import type { EditModels } from './model-edit';
import type { EditorTab } from './RuleEditor';
import { useRuleLang } from './rule-lang';
import { rulePathLabel } from './rule-path-label';

/**
 * The rule editor's state for one product: the draft (or current) rule set as forms and as JSON, the inputs that do
 * not hold a valid number, and the dry run, save and publish calls with what each answered.
 */
export function useRulesEditor(canEdit: boolean) {
  const { t } = useTranslation();
  const { lang } = useRuleLang();
  const [product, setProduct] = useState<ProductCode>('gold-collar');
  const [detail, setDetail] = useState<ApiResult<'rules.get'> | null>(null);
  const [rs, setRs] = useState<RuleSet | null>(null);
  const [notes, setNotes] = useState('');
  const [dry, setDry] = useState<DryRun | null>(null);
  const [tab, setTab] = useState<EditorTab>('form');
  const [json, setJson] = useState('');
  // Errors and confirmations show beside the buttons that caused them, not at the top of a long page.
  const [result, setResult] = useState<RulesResult | null>(null);
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

  const edit: EditModels = (fn) =>
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

  return {
    product, setProduct, detail, rs, notes, setNotes, notesMissing, dry, tab, setTab, json, setJson, result, resultRef,
    report, edit, dryRun, save, publish,
  };
}

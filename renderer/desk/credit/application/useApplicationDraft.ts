import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BANK_FACTS, FACTS_BY_ITEM } from '../../../../domain/credit/collection';
import { missingData, PRODUCTS, type DataItem } from '../../../../domain/credit/products';
import type { ApplicantFacts } from '../../../../domain/credit/rules/fields';
import type { ApplicationPatch, ApplicationView } from '../../../../main/core/credit/credit.contract';
import { formatYuan, fenToYuanText, yuanToFen } from '../credit-format';
import { CLEAN_BUREAU, factsToText, textToFacts, type FactText, type FieldErrors } from './fact-text';

/**
 * The application as the teller edits it: the terms, the items collected, the figures as typed, and the one outcome
 * line with the refusals on their fields. `patch()` checks it all and shows every refusal, or gives the core's patch.
 */
export function useApplicationDraft(app: ApplicationView) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const product = PRODUCTS[app.productCode];
  const items: DataItem[] = [...product.requiredData, ...product.optionalData];
  const [amount, setAmount] = useState(fenToYuanText(app.requestedAmountFen));
  const [term, setTerm] = useState(String(app.termMonths));
  const [method, setMethod] = useState(app.repaymentMethod);
  const [collected, setCollected] = useState<Set<DataItem>>(new Set(app.collectedData));
  const [text, setText] = useState<FactText>(() => factsToText(app.facts));
  // One outcome line: an error, or a notice — never both.
  const [status, setStatus] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const missing = useMemo(() => missingData(product, collected), [product, collected]);

  const fail = (text: string, fields: FieldErrors = {}) => {
    setStatus({ kind: 'error', text });
    setFieldErrors(fields);
    const first = Object.keys(fields)[0];
    if (first) document.getElementById(first === 'amount' ? 'app-amount' : first === 'term' ? 'app-term' : `fact-${first}`)?.focus();
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

  return {
    product, items, amount, setAmount, term, setTerm, method, setMethod, collected, setCollected, text, setText,
    status, setStatus, fieldErrors, setFieldErrors, missing, fail, patch, collect, toggle, edited, fillCleanBureau,
  };
}

export type ApplicationDraft = ReturnType<typeof useApplicationDraft>;

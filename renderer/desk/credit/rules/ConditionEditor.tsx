import { useTranslation } from 'react-i18next';
import { EMPLOYER_GRADE_NAMES, FACTS_BY_ITEM } from '../../../../domain/credit/collection';
import { PRODUCTS } from '../../../../domain/credit/products';
import { CLASSIFICATION_NAMES, CLASSIFICATIONS } from '../../../../domain/credit/rules/fields';
import { WARNING_LEVEL_NAMES, WARNING_LEVELS } from '../../../../domain/credit/rules/schema';
import type { Condition } from '../../../../domain/credit/rules/schema';
import { REPAYMENT_METHOD_NAMES } from '../../../../domain/credit/schedule';
import { IntInput, ListInput, PercentInput, YuanInput } from './inputs';

type Named = Record<string, { zh: string; en: string }>;
const ENUMS: Record<string, Named> = {
  employerGrade: EMPLOYER_GRADE_NAMES,
  repaymentMethod: REPAYMENT_METHOD_NAMES,
  classification: CLASSIFICATION_NAMES,
  previousClassification: CLASSIFICATION_NAMES,
  productCode: Object.fromEntries(Object.values(PRODUCTS).map((p) => [p.code, { zh: p.nameZh, en: p.nameEn }])),
};
// Ranks compared as numbers but named as the list they rank: 五级分类 正常…损失, 预警 无…高.
const RANKS: Record<string, { zh: string; en: string }[]> = {
  classificationRank: CLASSIFICATIONS.map((c) => CLASSIFICATION_NAMES[c]),
  earlyWarningLevelRank: WARNING_LEVELS.map((l) => WARNING_LEVEL_NAMES[l]),
};
const FACT_KIND = new Map(Object.values(FACTS_BY_ITEM).flat().map((f) => [f.key as string, f.kind]));
const BOOLEAN_LOAN_FIELDS = new Set(['guarantorDefault', 'classificationWorsened']);

type ValueKind = 'fen' | 'bp' | 'int' | 'bool' | 'enum' | 'text';
/** How a condition's value is typed, from the input it compares: yuan, percent, yes/no, a list of names, a number. */
export function valueKind(field: string): ValueKind {
  if (ENUMS[field]) return 'enum';
  if (field.endsWith('Fen')) return 'fen';
  if (field.endsWith('Bp')) return 'bp';
  const kind = FACT_KIND.get(field);
  if (kind === 'bool' || BOOLEAN_LOAN_FIELDS.has(field)) return 'bool';
  if (kind === 'text' || field === 'regionCode') return 'text';
  return 'int';
}

const OPS: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=', ne: '≠' };

interface Props {
  condition: Condition;
  onChange(c: Condition): void;
  /** Names the inputs for screen readers and error messages: "年龄准入范围". */
  label: string;
  disabled?: boolean;
}

/** Any rule condition as words and inputs, nested conditions included — nothing left for the JSON tab. */
export function ConditionEditor({ condition: c, onChange, label, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const fieldName = (f: string) => t(`field.${f}`);
  const name = (named: Named, v: string) => named[v]?.[en ? 'en' : 'zh'] ?? v;

  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : c.any;
    const join = t('all' in c ? 'credit.ui.rules.and' : 'credit.ui.rules.or');
    return (
      <span className="cond-group">
        {list.map((x, i) => (
          <span key={i} className="cond-part">
            {i > 0 && <span className="cond-join">{join}</span>}
            <ConditionEditor condition={x} label={label} disabled={disabled} onChange={(n) => {
              const next = [...list];
              next[i] = n;
              onChange('all' in c ? { all: next } : { any: next });
            }} />
          </span>
        ))}
      </span>
    );
  }
  if ('not' in c) {
    return (
      <span className="cond-not">
        <span className="cond-word">{t('credit.ui.rules.not')}</span>
        <ConditionEditor condition={c.not} label={label} disabled={disabled} onChange={(n) => onChange({ not: n })} />
      </span>
    );
  }

  const kind = valueKind(c.field);
  const head = <span className="cond-field">{fieldName(c.field)}</span>;
  const numberInput = (value: number, set: (v: number) => void, suffix = '') => {
    const l = `${label} ${fieldName(c.field)}${suffix}`;
    const ranks = RANKS[c.field];
    if (ranks) {
      return (
        <select aria-label={l} value={value} disabled={disabled} onChange={(e) => set(Number(e.target.value))}>
          {ranks.map((r, i) => <option key={i} value={i}>{r[en ? 'en' : 'zh']}</option>)}
        </select>
      );
    }
    if (kind === 'fen') return <YuanInput label={l} value={value} onChange={set} disabled={disabled} />;
    if (kind === 'bp') return <PercentInput label={l} value={value} onChange={set} disabled={disabled} />;
    return <IntInput label={l} value={value} onChange={set} disabled={disabled} />;
  };

  switch (c.op) {
    case 'present':
    case 'absent':
      return <span className="cond">{head} <span className="cond-word">{t(`credit.ui.rules.${c.op}`)}</span></span>;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return <span className="cond">{head} <span className="cond-op">{OPS[c.op]}</span> {numberInput(c.value, (v) => onChange({ ...c, value: v }))}</span>;
    case 'between':
      return (
        <span className="cond">
          {head} {numberInput(c.min, (v) => onChange({ ...c, min: v }), ` ${t('field.min')}`)} <span className="cond-word">{t('credit.ui.rules.to')}</span>{' '}
          {numberInput(c.max, (v) => onChange({ ...c, max: v }), ` ${t('field.max')}`)}
        </span>
      );
    case 'eq':
    case 'ne': {
      const op = <span className="cond-op">{OPS[c.op]}</span>;
      if (typeof c.value === 'boolean') {
        return (
          <span className="cond">{head} {op}{' '}
            <select aria-label={`${label} ${fieldName(c.field)}`} value={String(c.value)} disabled={disabled} onChange={(e) => onChange({ ...c, value: e.target.value === 'true' })}>
              <option value="true">{t('credit.ui.yes')}</option><option value="false">{t('credit.ui.no')}</option>
            </select>
          </span>
        );
      }
      if (typeof c.value === 'string' && ENUMS[c.field]) {
        const named = ENUMS[c.field]!;
        return (
          <span className="cond">{head} {op}{' '}
            <select aria-label={`${label} ${fieldName(c.field)}`} value={c.value} disabled={disabled} onChange={(e) => onChange({ ...c, value: e.target.value })}>
              {Object.keys(named).map((k) => <option key={k} value={k}>{name(named, k)}</option>)}
            </select>
          </span>
        );
      }
      if (typeof c.value === 'number') return <span className="cond">{head} {op} {numberInput(c.value, (v) => onChange({ ...c, value: v }))}</span>;
      return <span className="cond">{head} {op} <ListInput label={`${label} ${fieldName(c.field)}`} value={[c.value]} disabled={disabled} onChange={(v) => onChange({ ...c, value: String(v[0]) })} /></span>;
    }
    case 'in':
    case 'nin':
    case 'prefix': {
      const word = <span className="cond-word">{t(`credit.ui.rules.${c.op}`)}</span>;
      const named = ENUMS[c.field];
      if (named && c.op !== 'prefix') {
        return (
          <span className="cond">{head} {word}{' '}
            <span className="cond-choices" role="group" aria-label={`${label} ${fieldName(c.field)}`}>
              {Object.keys(named).map((k) => (
                <label key={k} className="check cond-choice">
                  <input type="checkbox" checked={c.values.includes(k)} disabled={disabled} onChange={(e) => {
                    const values = e.target.checked ? [...c.values, k] : c.values.filter((v) => v !== k);
                    if (values.length) onChange({ ...c, values });
                  }} />
                  {name(named, k)}
                </label>
              ))}
            </span>
          </span>
        );
      }
      // Numbers stay numbers: a list of codes typed as text must compare like the published one.
      const numeric = c.values.every((v) => typeof v === 'number');
      const typed = (values: (string | number)[]) => values.map((v) => (numeric && /^-?\d+$/.test(String(v)) ? Number(v) : v));
      return <span className="cond">{head} {word} <ListInput label={`${label} ${fieldName(c.field)}`} value={c.values} disabled={disabled} onChange={(values) => onChange({ ...c, values: typed(values) })} /></span>;
    }
  }
}

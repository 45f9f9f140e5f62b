import { useTranslation } from 'react-i18next';
import { EMPLOYER_GRADE_NAMES, type FactField } from '../../../../domain/credit/collection';
import type { DataItem } from '../../../../domain/credit/products';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { formatBpAsPercent, formatYuan } from '../credit-format';
import { BANK_ITEM } from './fact-text';
import { fieldMessage, invalidProps, selectAll } from './field-marks';
import type { ApplicationDraft } from './useApplicationDraft';

interface Props {
  /** The document the figure is read off (BANK_ITEM for the bank's own figures). */
  item: DataItem;
  field: FactField;
  app: ApplicationView;
  draft: ApplicationDraft;
}

/** One figure of an item: typed (a number, yes/no, a grade), or worked out by the core and only shown. */
export function FactInput({ item, field: f, app, draft }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { text, setText, fieldErrors, collect, edited } = draft;
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
      <div className="fact">
        <span className="field-label">{label}</span>
        <span className="fact-derived" data-testid={id}>{shown}</span>
      </div>
    );
  }
  return (
    <label className={fieldErrors[f.key] ? 'fact field has-error' : 'fact field'} htmlFor={id}>
      <span className="field-label">{label}</span>
      {f.kind === 'bool' ? (
        <select id={id} value={value} onChange={(e) => set(e.target.value)} {...invalidProps(fieldErrors, f.key)}>
          <option value="">—</option>
          <option value="false">{t('credit.ui.no')}</option>
          <option value="true">{t('credit.ui.yes')}</option>
        </select>
      ) : f.kind === 'enum' ? (
        <select id={id} value={value} onChange={(e) => set(e.target.value)} {...invalidProps(fieldErrors, f.key)}>
          <option value="">—</option>
          {(f.options ?? []).map((o) => <option key={o} value={o}>{en ? EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.en ?? o : EMPLOYER_GRADE_NAMES[o as keyof typeof EMPLOYER_GRADE_NAMES]?.zh ?? o}</option>)}
        </select>
      ) : (
        <input id={id} value={value} inputMode={f.kind === 'text' ? 'text' : 'decimal'} onChange={(e) => set(e.target.value)} onFocus={selectAll} autoComplete="off" {...invalidProps(fieldErrors, f.key)} />
      )}
      {fieldMessage(fieldErrors, f.key)}
    </label>
  );
}

import { createContext, useContext, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuanText, formatBpAsPercent, percentToBp, yuanToFen } from '../credit-format';

/**
 * The rule editor's inputs keep what was typed until it is a valid number; while it is not ("六百", "1,2"), the
 * input is marked and reports itself here, so a dry run or a save is refused with a message instead of silently
 * using the last valid value.
 */
export type InvalidEntries = Map<string, { label: string; text: string; hint: string }>;
export const InvalidContext = createContext<(id: string, entry: { label: string; text: string; hint: string } | null) => void>(() => {});

interface Props<T> {
  value: T;
  onChange(v: T): void;
  label: string;
  width?: number;
  disabled?: boolean;
}

/** A number input over any encoding: `show` turns the stored value into text, `parse` text into a value or null. */
function CodedInput<T>({ value, onChange, label, width = 80, disabled, show, parse, hint, suffix }: Props<T> & { show(v: T): string; parse(text: string): T | null; hint: string; suffix?: string }) {
  const id = useId();
  const report = useContext(InvalidContext);
  const [text, setText] = useState(() => show(value));
  // Follow edits made elsewhere (JSON tab, reload) without fighting what is being typed.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(show(value));
  }
  const valid = parse(text) !== null;
  useEffect(() => {
    report(id, valid ? null : { label, text, hint });
    return () => report(id, null);
  }, [id, valid, label, text, hint, report]);
  return (
    <span className="num-wrap">
      <input
        aria-label={label}
        aria-invalid={!valid || undefined}
        title={valid ? undefined : hint}
        className={valid ? 'num-input' : 'num-input invalid'}
        style={{ width }}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const v = parse(e.target.value);
          if (v !== null) {
            setShown(v);
            onChange(v);
          }
        }}
      />
      {suffix && <span className="num-suffix">{suffix}</span>}
    </span>
  );
}

const INT = /^-?\d+$/;
const asInt = (text: string): number | null => {
  const t = text.normalize('NFKC').trim();
  return INT.test(t) ? Number(t) : null;
};

export function IntInput(p: Props<number> & { suffix?: string }) {
  const { t } = useTranslation();
  return <CodedInput {...p} show={String} parse={asInt} hint={t('credit.ui.rules.intHint')} />;
}

export function YuanInput(p: Props<number>) {
  const { t } = useTranslation();
  return <CodedInput width={120} {...p} show={fenToYuanText} parse={(s) => yuanToFen(s.normalize('NFKC'))} hint={t('credit.ui.rules.yuanHint')} suffix={t('credit.ui.yuan')} />;
}

/** Basis points typed as a percentage: 7000 ↔ "70.00". */
export function PercentInput(p: Props<number>) {
  const { t } = useTranslation();
  return <CodedInput {...p} show={(v) => formatBpAsPercent(v).replace(/%$/, '')} parse={percentToBp} hint={t('credit.ui.rules.pctHint')} suffix="%" />;
}

/** A list of codes or prefixes typed comma-separated ("141081，141002"). */
export function ListInput({ value, onChange, label, disabled }: Props<(string | number)[]>) {
  const { t } = useTranslation();
  const show = (v: (string | number)[]) => v.join('，');
  const parse = (s: string) => {
    const parts = s.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean);
    return parts.length ? parts : null;
  };
  return <CodedInput value={value} onChange={onChange} label={label} disabled={disabled} width={200} show={show} parse={parse} hint={t('credit.ui.rules.listHint')} />;
}

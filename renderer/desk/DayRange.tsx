import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDay } from '../../domain/time/branch-time';
import { addDays, branchToday } from '../format/time';

interface Props {
  from: string;
  to: string;
  onChange(range: { from: string; to: string }): void;
}

/**
 * A day range typed as the branch writes dates (2026-03-05; 2026/3/5 and 20260305 are read too), applied on
 * Enter or on leaving the field, with quick ranges. Not `<input type="date">`: that shows the browser's locale (MM/DD/YYYY on an English Chromium).
 */
export function DayRange({ from, to, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState({ from, to });
  // A range set from outside (a quick button elsewhere, the screen's first load) replaces what is typed.
  const [shown, setShown] = useState({ from, to });
  if (shown.from !== from || shown.to !== to) {
    setShown({ from, to });
    setText({ from, to });
  }

  const fromDay = parseDay(text.from);
  const toDay = parseDay(text.to);
  const error = !fromDay
    ? t('desk.day.invalid', { field: t('queue.ui.from') })
    : !toDay
      ? t('desk.day.invalid', { field: t('queue.ui.to') })
      : fromDay > toDay
        ? t('desk.day.order')
        : null;

  function commit(next: { from: string; to: string }) {
    setText(next);
    const f = parseDay(next.from);
    const e = parseDay(next.to);
    if (f && e && f <= e && (f !== from || e !== to)) onChange({ from: f, to: e });
  }
  const quick = (days: number) => {
    const today = branchToday();
    commit({ from: addDays(today, -(days - 1)), to: today });
  };

  return (
    <div className="day-range" role="group" aria-label={t('desk.day.range')}>
      <label className={fromDay ? 'day-field' : 'day-field has-error'} htmlFor={`${id}-from`}>
        {t('queue.ui.from')}
        <input id={`${id}-from`} value={text.from} inputMode="numeric" placeholder="2026-03-05" aria-invalid={!fromDay}
          onChange={(e) => setText({ ...text, from: e.target.value })} onBlur={() => commit(text)} onKeyDown={(e) => e.key === 'Enter' && commit(text)} />
      </label>
      <label className={toDay ? 'day-field' : 'day-field has-error'} htmlFor={`${id}-to`}>
        {t('queue.ui.to')}
        <input id={`${id}-to`} value={text.to} inputMode="numeric" placeholder="2026-03-05" aria-invalid={!toDay}
          onChange={(e) => setText({ ...text, to: e.target.value })} onBlur={() => commit(text)} onKeyDown={(e) => e.key === 'Enter' && commit(text)} />
      </label>
      <span className="day-quick">
        <button type="button" className="button button-small" onClick={() => quick(1)}>{t('desk.day.today')}</button>
        <button type="button" className="button button-small" onClick={() => quick(7)}>{t('desk.day.last7')}</button>
        <button type="button" className="button button-small" onClick={() => quick(30)}>{t('desk.day.last30')}</button>
      </span>
      {error && <span className="field-error" role="alert">{error}</span>}
    </div>
  );
}

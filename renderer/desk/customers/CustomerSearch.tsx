import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../main/core/customers/customers.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import { maskIdNumber, placeOf } from './format';

const DEBOUNCE_MS = 120;
const LIMIT = 50;

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  selectedId: string | null;
  onOpen(id: string): void;
  onCreate?: () => void;
  /** Bumped when customers change, to re-run the current query. */
  refreshKey: number;
}

interface Results {
  q: string;
  rows: CustomerSummary[];
}

/** As-you-type search by any part of a name, pinyin, address, phone or ID number; ↑/↓ choose a row, Enter opens it. */
export function CustomerSearch({ inputRef, selectedId, onOpen, onCreate, refreshKey }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<{ q: string; text: string } | null>(null);
  const [active, setActive] = useState(0);
  const [showFull, setShowFull] = useState(false);
  const seq = useRef(0);
  const rowsRef = useRef<HTMLTableSectionElement>(null);
  const query = q.trim();

  useEffect(() => {
    const mine = ++seq.current;
    if (!query) return;
    const timer = setTimeout(() => {
      api.call('customers.search', { q: query, limit: LIMIT }).then(
        (rows) => {
          // Answers can arrive out of order while the teller types; only the newest query may paint.
          if (mine !== seq.current) return;
          setResults({ q: query, rows });
          setActive((a) => (a < rows.length ? a : 0));
          setError(null);
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setError({ q: query, text: errorText(e, t) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, refreshKey, t]);

  // While the next answer is on its way the previous rows stay, so the table does not flicker at every key.
  const current = query && results ? results : null;
  const busy = query !== '' && results?.q !== query && error?.q !== query;
  const settled = current !== null && current.q === query;

  useEffect(() => {
    rowsRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const rows = current?.rows ?? [];

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && rows.length) {
      e.preventDefault();
      setActive((a) => Math.min(rows.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && rows.length) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && rows[active]) {
      e.preventDefault();
      onOpen(rows[active]!.id);
    } else if (e.key === 'Escape' && q) {
      e.preventDefault();
      setQ('');
    }
  }

  const idText = (r: CustomerSummary) => {
    if (r.kind === 'enterprise') return r.uscc ?? '—';
    if (!r.idNumber) return '—';
    return showFull ? r.idNumber : maskIdNumber(r.idNumber);
  };

  return (
    <div className="search">
      <div className="search-box">
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-expanded={rows.length > 0}
          aria-controls={listId}
          aria-activedescendant={rows[active] ? `${listId}-${active}` : undefined}
          aria-label={t('desk.search.label')}
          placeholder={t('desk.search.placeholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          data-testid="customer-search"
        />
        <kbd className="search-key">F2</kbd>
      </div>
      <div className="search-meta">
        <span role="status" aria-live="polite">
          {busy ? t('desk.search.busy') : settled ? t('desk.search.count', { count: rows.length }) : ''}
          {settled && rows.length === LIMIT ? t('desk.search.more') : ''}
        </span>
        <label className="check">
          <input type="checkbox" checked={showFull} onChange={(e) => setShowFull(e.target.checked)} />
          {t('desk.search.showFullId')}
        </label>
      </div>
      {error && error.q === query && (
        <p className="notice notice-error" role="alert">
          {error.text}
        </p>
      )}
      {!query && (
        <div className="search-hint">
          <p>{t('desk.search.hint')}</p>
          <p className="muted">{t('desk.search.hintKeys')}</p>
        </div>
      )}
      {settled && rows.length === 0 && (
        <div className="search-hint">
          <p>{t('desk.search.none', { q: current.q })}</p>
          {onCreate && (
            <button type="button" className="button" onClick={onCreate}>
              {t('desk.customer.new')}（Ctrl+N）
            </button>
          )}
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid results" data-testid="search-results">
            <thead>
              <tr>
                <th>{t('field.name')}</th>
                <th>{t('desk.search.idColumn')}</th>
                <th>{t('field.phone')}</th>
                <th>{t('desk.search.placeColumn')}</th>
                <th>{t('field.group')}</th>
              </tr>
            </thead>
            <tbody id={listId} role="listbox" ref={rowsRef}>
              {rows.map((r, i) => (
                <tr
                  key={r.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  data-index={i}
                  className={[i === active ? 'active' : '', r.id === selectedId ? 'open' : ''].join(' ')}
                  onMouseMove={() => setActive(i)}
                  onClick={() => onOpen(r.id)}
                >
                  <td className="cell-name">
                    {r.name}
                    {r.kind === 'enterprise' && <span className="tag tag-kind">{t('desk.kind.enterpriseShort')}</span>}
                  </td>
                  <td className="mono">{idText(r)}</td>
                  <td className="mono">{r.phone}</td>
                  <td className="cell-place" title={r.address}>{placeOf(r, current?.q ?? '') || '—'}</td>
                  <td>{r.group ? t(`group.${r.group}`) : r.kind === 'enterprise' ? t('kind.enterprise') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

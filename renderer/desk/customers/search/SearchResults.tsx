import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../../main/core/customers/customers.contract';
import { maskIdNumber, placeOf } from '../format';
import { SEARCH_LIMIT } from './useCustomerSearch';

/** How many were found (or that the search runs), and the switch that shows ID numbers in full. */
export function SearchMeta({ busy, settled, count, showFull, onShowFull }: {
  busy: boolean; settled: boolean; count: number; showFull: boolean; onShowFull(on: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="search-meta">
      <span role="status" aria-live="polite">
        {busy ? t('desk.search.busy') : settled ? t('desk.search.count', { count }) : ''}
        {settled && count === SEARCH_LIMIT ? t('desk.search.more') : ''}
      </span>
      <label className="check">
        <input type="checkbox" checked={showFull} onChange={(e) => onShowFull(e.target.checked)} />
        {t('desk.search.showFullId')}
      </label>
    </div>
  );
}

/** What to type when nothing is typed; "none found" with 新建客户 when the settled answer is empty. */
export function SearchHints({ query, noneFor, onCreate }: { query: string; noneFor: string | null; onCreate?: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {!query && (
        <div className="search-hint">
          <p>{t('desk.search.hint')}</p>
          <p className="muted">{t('desk.search.hintKeys')}</p>
        </div>
      )}
      {noneFor !== null && (
        <div className="search-hint">
          <p>{t('desk.search.none', { q: noneFor })}</p>
          {onCreate && (
            <button type="button" className="button" onClick={onCreate}>
              {t('desk.customer.new')}（Ctrl+N）
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** The found customers as a listbox: the active row follows the mouse, a click opens the customer. */
export function SearchResults({ listId, rows, active, selectedId, showFull, q, rowsRef, onActive, onOpen }: {
  listId: string;
  rows: CustomerSummary[];
  active: number;
  selectedId: string | null;
  showFull: boolean;
  /** The query the rows answer, for the place column's highlight. */
  q: string;
  rowsRef: RefObject<HTMLTableSectionElement | null>;
  onActive(i: number): void;
  onOpen(id: string): void;
}) {
  const { t } = useTranslation();
  const idText = (r: CustomerSummary) => {
    if (r.kind === 'enterprise') return r.uscc ?? '—';
    if (!r.idNumber) return '—';
    return showFull ? r.idNumber : maskIdNumber(r.idNumber);
  };
  return (
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
              onMouseMove={() => onActive(i)}
              onClick={() => onOpen(r.id)}
            >
              <td className="cell-name">
                {r.name}
                {r.kind === 'enterprise' && <span className="tag tag-kind">{t('desk.kind.enterpriseShort')}</span>}
              </td>
              <td className="mono">{idText(r)}</td>
              <td className="mono">{r.phone}</td>
              <td className="cell-place" title={r.address}>{placeOf(r, q) || '—'}</td>
              <td>{r.group ? t(`group.${r.group}`) : r.kind === 'enterprise' ? t('kind.enterprise') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}


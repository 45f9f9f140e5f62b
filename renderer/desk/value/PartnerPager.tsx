import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Rows a partner table draws at once: 5,882 partners at the seed's scale are found by the filter or paged through. */
export const PARTNER_PAGE_SIZE = 100;

/**
 * A long partner table's page and filter (name, shop, code or mobile number, as typed). The rows stay in the order
 * given (ranked, or newest first); the filter keeps the ones whose text contains what was typed.
 */
export function usePartnerPages<T>(rows: readonly T[], text: (row: T) => string) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const matching = useMemo(() => {
    const q = query.trim().toUpperCase();
    return q ? rows.filter((r) => text(r).toUpperCase().includes(q)) : rows;
    // `text` is a pure projection of a row written inline by the caller: the rows and the query decide the result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, query]);
  const pages = Math.max(1, Math.ceil(matching.length / PARTNER_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  return {
    visible: matching.slice(current * PARTNER_PAGE_SIZE, (current + 1) * PARTNER_PAGE_SIZE),
    pager: { query, setQuery: (q: string) => { setQuery(q); setPage(0); }, page: current, pages, matching: matching.length, total: rows.length, setPage },
  };
}

export function PartnerPager({ pager, testId }: { pager: ReturnType<typeof usePartnerPages>['pager']; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="partner-pager no-print" data-testid={testId}>
      <label className="field partner-filter">
        <span className="field-label">{t('value.pager.filter')}</span>
        <input type="search" value={pager.query} onChange={(e) => pager.setQuery(e.target.value)} placeholder={t('value.pager.filterHint')} />
      </label>
      <span role="status" data-testid={`${testId}-status`}>{t('value.pager.status', { page: pager.page + 1, pages: pager.pages, n: pager.matching, total: pager.total })}</span>
      <button type="button" className="button" disabled={pager.page === 0} onClick={() => pager.setPage(pager.page - 1)}>{t('value.pager.prev')}</button>
      <button type="button" className="button" disabled={pager.page >= pager.pages - 1} onClick={() => pager.setPage(pager.page + 1)}>{t('value.pager.next')}</button>
    </div>
  );
}

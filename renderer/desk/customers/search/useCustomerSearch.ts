import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../../main/core/customers/customers.contract';
import { api } from '../../../api/client';
import { errorText } from '../../labels';

const DEBOUNCE_MS = 120;
/** Rows asked for per query; a full page means there are more to narrow down. */
export const SEARCH_LIMIT = 50;

interface Results {
  q: string;
  rows: CustomerSummary[];
}

/**
 * As-you-type search: the query, the newest answer (older answers arriving late never paint), the error for this
 * query, and the active row moved with ↑/↓, opened with Enter; Esc clears the query.
 */
export function useCustomerSearch({ onOpen, refreshKey }: { onOpen(id: string): void; refreshKey: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<{ q: string; text: string } | null>(null);
  const [active, setActive] = useState(0);
  const seq = useRef(0);
  const rowsRef = useRef<HTMLTableSectionElement>(null);
  const query = q.trim();

  useEffect(() => {
    const mine = ++seq.current;
    if (!query) return;
    const timer = setTimeout(() => {
      api.call('customers.search', { q: query, limit: SEARCH_LIMIT }).then(
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

  function type(text: string) {
    setQ(text);
    setActive(0);
  }

  return { q, query, current, rows, error, busy, settled, active, setActive, rowsRef, onKeyDown, type };
}

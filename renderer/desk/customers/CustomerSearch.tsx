import { useId, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchHints, SearchMeta, SearchResults } from './search/SearchResults';
import { useCustomerSearch } from './search/useCustomerSearch';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  selectedId: string | null;
  onOpen(id: string): void;
  onCreate?: () => void;
  /** Bumped when customers change, to re-run the current query. */
  refreshKey: number;
}

/** As-you-type search by any part of a name, pinyin, address, phone or ID number; ↑/↓ choose a row, Enter opens it. */
export function CustomerSearch({ inputRef, selectedId, onOpen, onCreate, refreshKey }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [showFull, setShowFull] = useState(false);
  const s = useCustomerSearch({ onOpen, refreshKey });
  const { rows, active, query } = s;

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
          value={s.q}
          onChange={(e) => s.type(e.target.value)}
          onKeyDown={s.onKeyDown}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          data-testid="customer-search"
        />
        <kbd className="search-key">F2</kbd>
      </div>
      <SearchMeta busy={s.busy} settled={s.settled} count={rows.length} showFull={showFull} onShowFull={setShowFull} />
      {s.error && s.error.q === query && (
        <p className="notice notice-error" role="alert">
          {s.error.text}
        </p>
      )}
      <SearchHints query={query} noneFor={s.settled && rows.length === 0 ? s.current!.q : null} onCreate={onCreate} />
      {rows.length > 0 && (
        <SearchResults listId={listId} rows={rows} active={active} selectedId={selectedId} showFull={showFull} q={s.current?.q ?? ''}
          rowsRef={s.rowsRef} onActive={s.setActive} onOpen={onOpen} />
      )}
    </div>
  );
}

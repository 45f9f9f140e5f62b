import { useTranslation } from 'react-i18next';

export const TABS = ['details', 'documents', 'history'] as const;
export type Tab = (typeof TABS)[number];

/** The tab list: ← and → move between tabs and take the focus along. */
export function CustomerTabs({ label, tab, onTab }: { label: string; tab: Tab; onTab(tab: Tab): void }) {
  const { t } = useTranslation();
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {TABS.map((id) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`tab-${id}`}
          aria-selected={tab === id}
          aria-controls={`panel-${id}`}
          className={tab === id ? 'tab active' : 'tab'}
          onClick={() => onTab(id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              const next = TABS[(TABS.indexOf(id) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
              onTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }
          }}
          tabIndex={tab === id ? 0 : -1}
        >
          {t(`desk.tab.${id}`)}
        </button>
      ))}
    </div>
  );
}

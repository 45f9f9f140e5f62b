import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { useShortcuts } from '../shortcuts';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { CustomerDetail } from './CustomerDetail';
import { CustomerForm } from './CustomerForm';
import { CustomerSearch } from './CustomerSearch';

type FormState = null | { mode: 'create' } | { mode: 'edit'; record: CustomerRecord };

interface Loaded {
  id: string;
  record: CustomerRecord | null;
  error: string | null;
}

/** Search on the left, the open customer on the right; new/edit open as a dialog over both. */
export function CustomersScreen({ session, path, navigate, covered }: ScreenProps) {
  const { t } = useTranslation();
  const selectedId = path[0] ?? null;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<FormState>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [searchRefresh, setSearchRefresh] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const canWrite = session.permissions.includes('customer.write');
  const record = loaded && loaded.id === selectedId ? loaded.record : null;

  const load = useCallback(
    (id: string) => {
      api.call('customers.get', { id }).then(
        (r) => setLoaded({ id, record: r, error: null }),
        (e: unknown) => setLoaded({ id, record: null, error: errorText(e, t) }),
      );
    },
    [t],
  );

  useEffect(() => {
    if (selectedId) load(selectedId);
  }, [selectedId, load]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  // Another counter or a sync may change what is on screen; refresh rather than show stale data.
  useApiEvent('customer.changed', ({ id }) => {
    setSearchRefresh((n) => n + 1);
    if (id === selectedId) load(id);
  });

  const focusSearch = () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  };
  useShortcuts(
    {
      search: focusSearch,
      newCustomer: () => canWrite && setForm({ mode: 'create' }),
      editCustomer: () => canWrite && record && setForm({ mode: 'edit', record }),
    },
    !covered && !form,
  );

  function saved(r: CustomerRecord, created: boolean, notice?: string) {
    setForm(null);
    setLoaded({ id: r.id, record: r, error: null });
    setSearchRefresh((n) => n + 1);
    setToast([t(created ? 'desk.customer.created' : 'desk.customer.updated', { name: r.name }), notice].filter(Boolean).join(' '));
    if (r.id !== selectedId) navigate([r.id]);
  }

  function openExisting(id: string) {
    setForm(null);
    navigate([id]);
  }

  return (
    <div className="customers-screen">
      <section className="pane pane-list" aria-label={t('desk.search.label')}>
        <div className="pane-toolbar">
          <h1 className="pane-title">{t('desk.nav.customers')}</h1>
          {canWrite && (
            <button type="button" className="button button-primary" onClick={() => setForm({ mode: 'create' })} title="Ctrl+N">
              {t('desk.customer.new')} <kbd className="kbd-on-primary">Ctrl+N</kbd>
            </button>
          )}
        </div>
        <CustomerSearch inputRef={searchRef} selectedId={selectedId} onOpen={(id) => navigate([id])} refreshKey={searchRefresh} onCreate={canWrite ? () => setForm({ mode: 'create' }) : undefined} />
      </section>
      <section className="pane pane-detail" aria-label={t('desk.detail.label')}>
        {!selectedId && <div className="empty-detail">{t('desk.detail.none')}</div>}
        {selectedId && !record && !(loaded?.id === selectedId && loaded.error) && <div className="empty-detail" role="status">{t('desk.loading')}</div>}
        {selectedId && loaded?.id === selectedId && loaded.error && (
          <div className="notice notice-error" role="alert">
            {loaded.error}
          </div>
        )}
        {record && <CustomerDetail record={record} canEdit={canWrite} canApply={session.permissions.includes('loan.write')} canScan={session.permissions.includes('ocr.use')} onEdit={() => setForm({ mode: 'edit', record })} />}
      </section>
      {form && (
        <CustomerForm
          mode={form.mode}
          record={form.mode === 'edit' ? form.record : undefined}
          onCancel={() => setForm(null)}
          onSaved={(r, notice) => saved(r, form.mode === 'create', notice)}
          onOpenExisting={openExisting}
        />
      )}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && <div className="toast">{toast}</div>}
      </div>
    </div>
  );
}

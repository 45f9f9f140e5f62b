import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../domain/customers/customer';
import type { HistoryEntry } from '../../../main/core/customers/customers.contract';
import { api } from '../../api/client';
import { fieldLabel, errorText } from '../labels';
import { showDateTime } from '../../format/time';
import { formatFieldValue } from './format';

// The order of the form, so every entry reads the same way whatever order the audit stored the fields in.
const FIELD_ORDER = ['kind', 'name', 'idNumber', 'uscc', 'legalRepresentative', 'phone', 'group', 'village', 'address', 'shareholders', 'note'];
const rank = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);

interface Props {
  id: string;
  /** Reloads when the record changes. */
  rev: string;
  kind: CustomerKind;
}

/** The audit trail of one customer, newest first: who, when, on which device, each field before → after. */
export function CustomerHistory({ id, rev, kind }: Props) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.call('customers.history', { id }).then(
      (h) => {
        if (!live) return;
        setEntries([...h].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)));
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [id, rev, t]);

  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (!entries) return <p className="muted" role="status">{t('desk.loading')}</p>;
  if (!entries.length) return <p className="muted">{t('desk.history.empty')}</p>;

  return (
    <ol className="history" data-testid="customer-history">
      {entries.map((e, i) => {
        const actionKey = `desk.action.${e.action}`;
        const action = t(actionKey);
        // A record's first entry has nothing before it; a "before" column of dashes would only be noise.
        const created = e.changes.every((c) => c.before === null);
        return (
          <li key={`${e.at}-${i}`} className="history-entry">
            <div className="history-head">
              <strong>{action === actionKey ? e.action : action}</strong>
              <span>{showDateTime(e.at)}</span>
              <span>{t('desk.history.actor', { name: e.actorName, staffNo: e.actor })}</span>
              <span className="muted">{t('desk.history.device', { device: e.device })}</span>
              {e.integrity === 'ok' && <span className="history-verified" title={t('audit.integrity.okHint')}>✓ {t('audit.integrity.ok')}</span>}
            </div>
            {e.integrity !== 'ok' && (
              <p className="notice notice-error history-integrity" role="alert" data-testid="history-integrity">
                ⚠ {t(`audit.integrity.${e.integrity}`)}
              </p>
            )}
            {e.changes.length > 0 && (
              <table className="grid history-changes">
                <thead>
                  <tr>
                    <th>{t('desk.history.field')}</th>
                    {!created && <th>{t('desk.history.before')}</th>}
                    <th>{created ? t('desk.history.value') : t('desk.history.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...e.changes].sort((a, b) => rank(a.field) - rank(b.field)).map((c) => (
                    <tr key={c.field}>
                      <td>{fieldLabel(c.field, kind, t)}</td>
                      {!created && <td className={c.before === null ? 'before empty-value' : 'before'}>{formatFieldValue(c.field, c.before, t)}</td>}
                      <td className="after">{formatFieldValue(c.field, c.after, t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        );
      })}
    </ol>
  );
}

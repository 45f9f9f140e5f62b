import { useTranslation } from 'react-i18next';
import { PRIORITY_KINDS, type PriorityKind } from '../../domain/queue/config';

/** What a customer may declare at the kiosk (checked by a person at the counter); VIP is not among them. */
const KIOSK_PRIORITIES = PRIORITY_KINDS.filter((p) => p !== 'vip');

/** The priorities a customer may mark (one at most; a second tap takes it back), and where VIP is asked for. */
export function PriorityChips({ priority, onChange }: { priority: PriorityKind | null; onChange(priority: PriorityKind | null): void }) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-priority" role="group" aria-label={t('queue.ui.priorityGroup')}>
      <span className="kiosk-priority-label">{t('queue.ui.priorityGroup')}</span>
      {KIOSK_PRIORITIES.map((p) => (
        <button
          type="button"
          key={p}
          aria-pressed={priority === p}
          className={priority === p ? 'kiosk-chip kiosk-chip-on' : 'kiosk-chip'}
          onClick={() => onChange(priority === p ? null : p)}
          data-testid={`kiosk-priority-${p}`}
        >
          {t(`queue.priority.${p}`)}
        </button>
      ))}
      <p className="kiosk-vip-note" data-testid="kiosk-vip-note">{t('queue.ui.vipAtStaff')}</p>
    </div>
  );
}

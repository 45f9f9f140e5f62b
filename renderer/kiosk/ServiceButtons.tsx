import { useTranslation } from 'react-i18next';
import type { QueueServiceView } from '../../main/core/queue/queue.contract';
import { waitLabel } from '../queue/format';

interface Props {
  services: readonly QueueServiceView[];
  busy: boolean;
  name(s: { name: string; nameEn: string }): string;
  onTake(service: QueueServiceView): void;
}

/** One big touch button per service, with how many wait and for about how long. */
export function ServiceButtons({ services, busy, name, onTake }: Props) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-buttons">
      {services.map((s) => (
        <button
          type="button"
          key={s.code}
          className={`kiosk-service kiosk-service-${s.prefix.toLowerCase()}`}
          onClick={() => onTake(s)}
          disabled={busy}
          data-testid={`kiosk-service-${s.code}`}
        >
          <span className="kiosk-service-prefix">{s.prefix}</span>
          <span className="kiosk-service-name">{name(s)}</span>
          <span className="kiosk-service-meta">
            {t('queue.ui.waitingCount', { n: s.waiting })} · {waitLabel(s.estimateSec, t)}
          </span>
        </button>
      ))}
    </div>
  );
}

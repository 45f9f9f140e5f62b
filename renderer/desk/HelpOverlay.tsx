import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { SHORTCUT_HELP } from './shortcuts';

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('desk.help.title')} onRequestClose={onClose} testId="help-overlay">
      <div className="help-groups">
        {SHORTCUT_HELP.map((group) => (
          <section key={group.titleKey}>
            <h3>{t(group.titleKey)}</h3>
            <dl className="shortcut-list">
              {group.items.map((item) => (
                <div key={item.labelKey} className="shortcut-row">
                  <dt>
                    {item.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> / </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{t(item.labelKey)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="muted help-foot">{t('desk.help.foot')}</p>
    </Dialog>
  );
}

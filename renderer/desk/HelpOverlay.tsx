import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { GROUP_TITLE, SHORTCUT_GROUPS, SHORTCUTS, shownKeys, type ShortcutId } from './shortcuts';

/** F1: every shortcut of the desk, straight from the table the screens bind their keys from. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const ids = Object.keys(SHORTCUTS) as ShortcutId[];
  return (
    <Dialog title={t('desk.help.title')} onRequestClose={onClose} testId="help-overlay" wide>
      <div className="help-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group}>
            <h3>{t(GROUP_TITLE[group])}</h3>
            <dl className="shortcut-list">
              {ids.filter((id) => SHORTCUTS[id].group === group).map((id) => (
                <div key={id} className="shortcut-row" data-testid={`help-${id}`}>
                  <dt>
                    {shownKeys(id).map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> / </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{t(SHORTCUTS[id].labelKey)}</dd>
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

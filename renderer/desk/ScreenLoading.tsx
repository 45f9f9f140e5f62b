import { useTranslation } from 'react-i18next';

/** Shown for the moment a screen's code is still arriving (the chart screens are loaded on first use). */
export function ScreenLoading() {
  const { t } = useTranslation();
  return <p className="empty" role="status">{t('desk.loading')}</p>;
}

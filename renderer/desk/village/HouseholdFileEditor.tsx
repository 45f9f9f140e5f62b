import { useTranslation } from 'react-i18next';
import { HouseholdPhotos } from './HouseholdPhotos';
import { useShortcuts } from '../shortcuts';
import { FileField, HouseholdMembers, PreCreditPanel } from './household-file/HouseholdFileParts';
import type { Texts } from './household-file/household-texts';
import { useHouseholdFile } from './household-file/useHouseholdFile';

/** The file's typed fields in the order of the form; wide ones take a whole row. */
const FIELDS: [keyof Texts, boolean][] = [
  ['land', false], ['crops', true], ['cattle', false], ['pigs', false], ['sheep', false], ['machinery', true],
  ['machineryValue', false], ['house', true], ['income', false], ['debts', false], ['note', true],
];

/**
 * 农户建档 on the customer manager's laptop: the household's members from the committee's list, what the manager
 * sees and is told in the village, and the pre-credit limit recomputed by the published model at every keystroke
 * (the same pure function the core applies when the file is saved). Works with no network: the file is saved to
 * this device's store and syncs when the link is back.
 */
export function HouseholdFileEditor({ id, covered, onBack }: { id: string; covered: boolean; onBack(): void }) {
  const { t } = useTranslation();
  const h = useHouseholdFile(id);
  const { household, gps, error, notice, invalid, live } = h;
  useShortcuts({ save: () => void h.save() }, !covered);

  if (!household) return error ? <div className="notice notice-error" role="alert">{error}</div> : null;
  return (
    <div className="village-file" data-testid="household-file">
      <div className="village-file-main">
        <button type="button" className="button button-small" onClick={onBack}>{t('village.file.back')}</button>
        <h2>{t('village.file.title', { head: household.headName, no: household.householdNo })}</h2>
        <p className="muted">{household.village} · {household.group}</p>
        <h3>{t('village.file.members')}</h3>
        <HouseholdMembers members={household.members} away={h.away} onAway={h.setAwayOne} />
        <div className="village-form">
          {FIELDS.map(([key, wide]) => (
            <FileField key={key} label={t(`village.file.${key}`)} value={h.texts[key]} invalid={invalid.includes(key)} wide={wide} onChange={(v) => h.setText(key, v)} />
          ))}
        </div>
        <div className="village-toolbar">
          <button type="button" className="button" onClick={h.locate}>{t('village.file.locate')}</button>
          <span className="muted" data-testid="household-gps">{gps ? t('village.file.gps', { lat: gps.lat, lon: gps.lon, accuracy: gps.accuracyM }) : h.gpsNote ?? t('village.file.noGps')}</span>
        </div>
        <HouseholdPhotos householdId={household.id} />
        {error && <div className="notice notice-error" role="alert">{error}</div>}
        {notice && <div className="notice notice-info" data-testid="household-notice">{notice}</div>}
        <div className="village-actions">
          <button type="button" className="button button-primary" onClick={() => void h.save()} disabled={h.busy || invalid.length > 0} data-testid="household-save">
            {t('village.file.save')} <kbd>Ctrl+S</kbd>
          </button>
        </div>
      </div>
      {live && <PreCreditPanel live={live} />}
    </div>
  );
}

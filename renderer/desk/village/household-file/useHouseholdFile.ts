import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../../domain/credit/money-format';
import { EMPTY_FILE, preCreditFacts, type HouseholdFile } from '../../../../domain/village/household-file';
import { preCredit } from '../../../../domain/village/pre-credit';
import type { HouseholdSummary } from '../../../../main/core/village/village.contract';
import { api } from '../../../api/client';
import { branchToday } from '../../../format/time';
import { errorText } from '../../labels';
import { countedFile, fileOf, textsOf, type Texts } from './household-texts';

/**
 * One household's file being edited: loaded from the store, the texts as typed, who is away, the GPS position, the
 * pre-credit limit recomputed at every keystroke, and saving.
 */
export function useHouseholdFile(id: string) {
  const { t } = useTranslation();
  const [household, setHousehold] = useState<HouseholdSummary | null>(null);
  const [texts, setTexts] = useState<Texts>(textsOf(EMPTY_FILE));
  const [away, setAway] = useState<string[]>([]);
  const [gps, setGps] = useState<HouseholdFile['gps']>(null);
  const [gpsNote, setGpsNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call('village.household', { id }).then(
      (h) => {
        setHousehold(h);
        const f = h.file ?? EMPTY_FILE;
        setTexts(textsOf(f));
        setAway(f.awayIdNumbers);
        setGps(f.gps);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [id, t]);

  const { file, invalid } = fileOf(texts, away, gps);
  // Cheap and pure: recomputed at every keystroke.
  const live = household ? preCredit(preCreditFacts(household.members, countedFile(file, invalid)), branchToday()) : null;

  async function save() {
    if (!household || invalid.length || busy) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api.call('village.saveFile', { id: household.id, rev: household.rev, file });
      setHousehold(saved);
      setNotice(t('village.file.saved', { limit: formatYuan(saved.preCredit.limitFen) }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  function locate() {
    if (!('geolocation' in navigator)) {
      setGpsNote(t('village.file.gpsUnavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGps({ lat: Number(p.coords.latitude.toFixed(6)), lon: Number(p.coords.longitude.toFixed(6)), accuracyM: Math.round(p.coords.accuracy) });
        setGpsNote(null);
      },
      () => setGpsNote(t('village.file.gpsUnavailable')),
      { timeout: 10_000 },
    );
  }

  const setText = (key: keyof Texts, value: string) => setTexts((x) => ({ ...x, [key]: value }));
  const setAwayOne = (idNumber: string, isAway: boolean) => setAway((a) => (isAway ? [...a, idNumber] : a.filter((x) => x !== idNumber)));

  return { household, texts, setText, away, setAwayOne, gps, gpsNote, error, notice, busy, invalid, live, save, locate };
}

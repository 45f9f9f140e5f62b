import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/credit/money-format';
import { EMPTY_FILE, parseMu, parseYuan, preCreditFacts, type HouseholdFile } from '../../../domain/village/household-file';
import { RELATION_ZH } from '../../../domain/village/household-list';
import { preCredit } from '../../../domain/village/pre-credit';
import type { HouseholdSummary } from '../../../main/core/village/village.contract';
import { api } from '../../api/client';
import { branchToday } from '../../format/time';
import { errorText } from '../labels';
import { HouseholdPhotos } from './HouseholdPhotos';
import { useShortcuts } from '../shortcuts';

type Texts = Record<'land' | 'crops' | 'cattle' | 'pigs' | 'sheep' | 'machinery' | 'machineryValue' | 'house' | 'income' | 'debts' | 'note', string>;

const yuanText = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2));

function textsOf(f: HouseholdFile): Texts {
  return {
    land: f.landTenthMu === null ? '' : String(f.landTenthMu / 10), crops: f.crops, cattle: f.livestock.cattle ? String(f.livestock.cattle) : '',
    pigs: f.livestock.pigs ? String(f.livestock.pigs) : '', sheep: f.livestock.sheep ? String(f.livestock.sheep) : '', machinery: f.machinery,
    machineryValue: yuanText(f.machineryValueFen), house: f.house, income: yuanText(f.annualIncomeFen), debts: yuanText(f.debtsFen), note: f.note,
  };
}

const headCount = (t: string) => (t.trim() === '' ? 0 : /^\d{1,5}$/u.test(t.trim()) ? Number(t.trim()) : Number.NaN);

/** The texts as typed → a file, and the fields that are not numbers yet. */
function fileOf(t: Texts, away: string[], gps: HouseholdFile['gps']): { file: HouseholdFile; invalid: (keyof Texts)[] } {
  const file: HouseholdFile = {
    landTenthMu: parseMu(t.land), crops: t.crops.trim(), livestock: { cattle: headCount(t.cattle), pigs: headCount(t.pigs), sheep: headCount(t.sheep) },
    machinery: t.machinery.trim(), machineryValueFen: parseYuan(t.machineryValue), house: t.house.trim(), annualIncomeFen: parseYuan(t.income),
    debtsFen: parseYuan(t.debts), awayIdNumbers: away, gps, note: t.note.trim(),
  };
  const nan = (v: number | null) => v !== null && Number.isNaN(v);
  const invalid = (
    [
      ['land', file.landTenthMu], ['cattle', file.livestock.cattle], ['pigs', file.livestock.pigs], ['sheep', file.livestock.sheep],
      ['machineryValue', file.machineryValueFen], ['income', file.annualIncomeFen], ['debts', file.debtsFen],
    ] as [keyof Texts, number | null][]
  ).filter(([, v]) => nan(v)).map(([k]) => k);
  return { file, invalid };
}

/**
 * 农户建档 on the customer manager's laptop: the household's members from the committee's list, what the manager
 * sees and is told in the village, and the pre-credit limit recomputed by the published model at every keystroke
 * (the same pure function the core applies when the file is saved). Works with no network: the file is saved to
 * this device's store and syncs when the link is back.
 */
export function HouseholdFileEditor({ id, covered, onBack }: { id: string; covered: boolean; onBack(): void }) {
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
  // Cheap and pure: recomputed at every keystroke; a field that is not a number yet counts as not filled.
  const counted: HouseholdFile = { ...file, livestock: { cattle: file.livestock.cattle || 0, pigs: file.livestock.pigs || 0, sheep: file.livestock.sheep || 0 } };
  for (const [key, field] of [['land', 'landTenthMu'], ['machineryValue', 'machineryValueFen'], ['income', 'annualIncomeFen'], ['debts', 'debtsFen']] as const) {
    if (invalid.includes(key)) counted[field] = null;
  }
  const live = household ? preCredit(preCreditFacts(household.members, counted), branchToday()) : null;

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
  useShortcuts({ save: () => void save() }, !covered);

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

  if (!household) return error ? <div className="notice notice-error" role="alert">{error}</div> : null;
  const field = (key: keyof Texts, label: string, wide = false) => (
    <label className={wide ? 'village-field wide' : 'village-field'}>
      {label}
      <input aria-label={label} value={texts[key]} onChange={(e) => setTexts((x) => ({ ...x, [key]: e.target.value }))} aria-invalid={invalid.includes(key)} />
      {invalid.includes(key) && <span className="field-error">{t('village.file.notANumber')}</span>}
    </label>
  );
  return (
    <div className="village-file" data-testid="household-file">
      <div className="village-file-main">
        <button type="button" className="button button-small" onClick={onBack}>{t('village.file.back')}</button>
        <h2>{t('village.file.title', { head: household.headName, no: household.householdNo })}</h2>
        <p className="muted">{household.village} · {household.group}</p>
        <h3>{t('village.file.members')}</h3>
        <table className="village-table">
          <tbody>
            {household.members.map((m) => (
              <tr key={m.idNumber}>
                <td>{m.name}</td><td>{RELATION_ZH[m.relation]}</td><td>{m.birthDate}</td>
                <td>
                  <label>
                    <input type="checkbox" checked={away.includes(m.idNumber)} onChange={(e) => setAway((a) => (e.target.checked ? [...a, m.idNumber] : a.filter((x) => x !== m.idNumber)))} />
                    {t('village.file.away')}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="village-form">
          {field('land', t('village.file.land'))}
          {field('crops', t('village.file.crops'), true)}
          {field('cattle', t('village.file.cattle'))}
          {field('pigs', t('village.file.pigs'))}
          {field('sheep', t('village.file.sheep'))}
          {field('machinery', t('village.file.machinery'), true)}
          {field('machineryValue', t('village.file.machineryValue'))}
          {field('house', t('village.file.house'), true)}
          {field('income', t('village.file.income'))}
          {field('debts', t('village.file.debts'))}
          {field('note', t('village.file.note'), true)}
        </div>
        <div className="village-toolbar">
          <button type="button" className="button" onClick={locate}>{t('village.file.locate')}</button>
          <span className="muted" data-testid="household-gps">{gps ? t('village.file.gps', { lat: gps.lat, lon: gps.lon, accuracy: gps.accuracyM }) : gpsNote ?? t('village.file.noGps')}</span>
        </div>
        <HouseholdPhotos householdId={household.id} />
        {error && <div className="notice notice-error" role="alert">{error}</div>}
        {notice && <div className="notice notice-info" data-testid="household-notice">{notice}</div>}
        <div className="village-actions">
          <button type="button" className="button button-primary" onClick={() => void save()} disabled={busy || invalid.length > 0} data-testid="household-save">
            {t('village.file.save')} <kbd>Ctrl+S</kbd>
          </button>
        </div>
      </div>
      {live && (
        <aside className="village-precredit" data-testid="pre-credit" aria-live="polite">
          <h3>{t('village.file.preCredit')}</h3>
          <div className="village-limit" data-testid="pre-credit-limit">{formatYuan(live.limitFen)} {t('village.file.yuan')}</div>
          <ul>
            {live.reasons.map((r, i) => (
              <li key={i}>{r.textZh}{r.amountFen !== 0 && <span className="num">{r.amountFen > 0 ? '+' : ''}{formatYuan(r.amountFen)}</span>}</li>
            ))}
          </ul>
          <p className="muted">{t('village.file.model', { version: live.modelVersion })}</p>
        </aside>
      )}
    </div>
  );
}

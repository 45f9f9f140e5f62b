import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/credit/money-format';
import { templateCsv } from '../../../domain/village/household-list';
import type { HouseholdSummary, ImportPreview } from '../../../main/core/village/village.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import { HouseholdFileEditor } from './HouseholdFileEditor';
import type { ScreenProps } from '../nav';
import './village.css';

function download(name: string, csv: string): void {
  // BOM so that Excel on the branch PC opens the Chinese text as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function Preview({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice notice-info" data-testid="import-summary">
        {t('village.ui.summary', {
          file: preview.fileName, rows: preview.rows, households: preview.households, goodLines: preview.goodLines, new: preview.newHouseholds,
          changed: preview.changedHouseholds, unchanged: preview.unchangedHouseholds, refused: preview.refusedLines, linked: preview.linkedCustomers,
          total: formatYuan(preview.preCreditTotalFen),
        })}
      </p>
      {preview.problems.length > 0 && (
        <section className="village-section">
          <h3>{t('village.ui.problemsTitle')}</h3>
          <table className="village-table" data-testid="import-problems">
            <thead><tr><th>{t('village.ui.line')}</th><th>{t('village.ui.problem')}</th></tr></thead>
            <tbody>
              {preview.problems.map((p) => (
                <tr key={p.line} data-line={p.line}><td className="num">{p.line}</td><td>{p.messageZh}</td></tr>
              ))}
            </tbody>
          </table>
          {preview.refusedLines > preview.problems.length && <p className="muted">{t('village.ui.problemsMore', { count: preview.refusedLines - preview.problems.length })}</p>}
        </section>
      )}
      {preview.sample.length > 0 && (
        <section className="village-section">
          <h3>{t('village.ui.householdsTitle', { count: preview.sample.length })}</h3>
          <table className="village-table" data-testid="import-households">
            <thead>
              <tr>
                <th>{t('village.ui.householdNo')}</th><th>{t('village.ui.group')}</th><th>{t('village.ui.head')}</th><th>{t('village.ui.members')}</th>
                <th>{t('village.ui.preCredit')}</th><th>{t('village.ui.change')}</th><th>{t('village.ui.linked')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((h) => (
                <tr key={`${h.line}`}>
                  <td>{h.householdNo}</td><td>{h.group}</td><td>{h.headName}</td><td className="num">{h.members}</td>
                  <td className="num">{formatYuan(h.preCreditFen)}</td><td>{t(`village.ui.change.${h.change}`)}</td>
                  <td>{h.linkedCustomers.map((c) => <a key={c.customerId} href={`#/customers/${encodeURIComponent(c.customerId)}`}>{c.name}</a>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/**
 * 整村授信 · 农户名单导入: choose the committee's list, see every refused line and what would be imported, then
 * import the good households in one step. Choosing a corrected file previews again; nothing is written before
 * the import button.
 */
export function VillageImportScreen({ path, navigate, covered }: ScreenProps) {
  if (path[0] === 'household' && path[1]) return <HouseholdFileEditor id={path[1]} covered={covered} onBack={() => navigate([])} />;
  return <VillageImport navigate={navigate} />;
}

function VillageImport({ navigate }: Pick<ScreenProps, 'navigate'>) {
  const { t } = useTranslation();
  const [village, setVillage] = useState(() => sessionStorage.getItem('jingwei.village') ?? '');
  const [file, setFile] = useState<{ name: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [households, setHouseholds] = useState<HouseholdSummary[] | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const loadHouseholds = useCallback(async (name: string) => {
    setHouseholds(name.trim() ? await api.call('village.households', { village: name.trim() }) : null);
  }, []);

  useEffect(() => {
    sessionStorage.setItem('jingwei.village', village);
    const timer = setTimeout(() => void loadHouseholds(village).catch(() => setHouseholds(null)), 300);
    return () => clearTimeout(timer);
  }, [village, loadHouseholds]);

  async function choose(chosen: File) {
    setError(null);
    setNotice(null);
    setPreview(null);
    if (!village.trim()) {
      setError(t('village.ui.villageRequired'));
      return;
    }
    setBusy('reading');
    try {
      const next = { name: chosen.name, contentBase64: await base64Of(chosen) };
      setFile(next);
      setPreview(await api.call('village.previewImport', { village: village.trim(), fileName: next.name, contentBase64: next.contentBase64 }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function runImport() {
    if (!file || !preview) return;
    setBusy('importing');
    setError(null);
    try {
      const done = await api.call('village.importHouseholds', { village: preview.village, fileName: file.name, contentBase64: file.contentBase64 });
      setNotice(
        done.importId
          ? t('village.ui.imported', { created: done.created, updated: done.updated, unchanged: done.unchanged, refused: done.refusedLines })
          : t('village.ui.noChange', { unchanged: done.unchanged }),
      );
      setPreview(null);
      setFile(null);
      await loadHouseholds(preview.village);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  }

  const importable = preview ? preview.newHouseholds + preview.changedHouseholds : 0;
  return (
    <div className="village-screen">
      <h2>{t('village.ui.title')}</h2>
      <p className="muted">{t('village.ui.intro')}</p>
      <div className="village-toolbar">
        <label>
          {t('village.ui.villageName')}
          <input value={village} onChange={(e) => setVillage(e.target.value)} maxLength={60} data-testid="village-name" />
        </label>
        <input ref={fileRef} type="file" accept=".csv,.txt,.xlsx" className="sr-only" data-testid="village-file" onChange={(e) => e.target.files?.[0] && void choose(e.target.files[0])} />
        <button type="button" className="button" onClick={() => fileRef.current?.click()} disabled={!!busy}>{t('village.ui.chooseFile')}</button>
        <button type="button" className="button" onClick={() => download('农户名单模板.csv', templateCsv())}>{t('village.ui.template')}</button>
      </div>
      <div role="status" className="footer-status">{busy ? t(busy === 'reading' ? 'village.ui.reading' : 'village.ui.importing') : ''}</div>
      {error && <div className="notice notice-error" role="alert" data-testid="village-error">{error}</div>}
      {notice && <div className="notice notice-info" data-testid="village-notice">{notice}</div>}
      {preview && (
        <>
          <Preview preview={preview} />
          <div className="village-actions">
            <button type="button" className="button button-primary" data-testid="import-confirm" disabled={!!busy || importable === 0} onClick={() => void runImport()}>
              {preview.refusedLines > 0 ? t('village.ui.importGood', { households: importable }) : t('village.ui.import', { households: importable })}
            </button>
          </div>
        </>
      )}
      {households && (
        <section className="village-section" data-testid="village-households">
          <h3>{households.length ? t('village.ui.villageHouseholds', { village: village.trim(), count: households.length }) : t('village.ui.noHouseholds')}</h3>
          {households.length > 0 && (
            <table className="village-table">
              <thead>
                <tr><th>{t('village.ui.householdNo')}</th><th>{t('village.ui.group')}</th><th>{t('village.ui.head')}</th><th>{t('village.ui.members')}</th><th>{t('village.ui.preCredit')}</th><th>{t('village.ui.reasons')}</th><th>{t('village.ui.filed')}</th></tr>
              </thead>
              <tbody>
                {households.map((h) => (
                  <tr key={h.id}>
                    <td>{h.householdNo}</td><td>{h.group}</td>
                    <td><a href={`#/village/household/${encodeURIComponent(h.id)}`} onClick={(e) => { e.preventDefault(); navigate(['household', h.id]); }}>{h.headName}</a></td><td className="num">{h.members.length}</td>
                    <td className="num">{formatYuan(h.preCredit.limitFen)}</td>
                    <td className="muted">{h.preCredit.reasons.map((r) => r.textZh).join('；')}</td>
                    <td>{h.file ? t('village.ui.filedYes') : t('village.ui.filedNo')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

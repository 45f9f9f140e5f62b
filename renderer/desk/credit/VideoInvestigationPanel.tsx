import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView, InvestigationEvidenceView, VideoRoomView } from '../../../main/core/credit/credit.contract';
import { INVESTIGATION_STATES } from '../../../domain/video/investigation-statement';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';
import { VideoRoomLinks } from './VideoRoomLinks';


/**
 * 视频防伪调查 on an application: the customer manager opens head office's investigation room (QR code for the
 * customer's phone, the session window with the product's checklist), then brings the snapshots back; the branch head
 * sees them here during the manual investigation — each checklist item covered or not, thumbnails with head office's
 * time and the phone's place, and whether the record still is what head office signed.
 */
export function VideoInvestigationPanel({ app, canWrite }: { app: ApplicationView; canWrite: boolean }) {
  const { t } = useTranslation();
  const [evidence, setEvidence] = useState<InvestigationEvidenceView | null | undefined>(undefined);
  const [room, setRoom] = useState<VideoRoomView | null>(null);
  const [busy, setBusy] = useState<'opening' | 'saving' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('loans.investigationEvidence', { id: app.id }).then(setEvidence, (e: unknown) => setError(errorText(e, t)));
  }, [app.id, app.rev, t]);

  const canInvestigate = canWrite && INVESTIGATION_STATES.includes(app.state);
  if (evidence === undefined && !error) return null;
  if (!evidence && !canInvestigate && !error) return null;

  async function run<T>(phase: 'opening' | 'saving', work: () => Promise<T>, done: (v: T) => void) {
    setBusy(phase);
    setError(null);
    try {
      done(await work());
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel video-investigation" data-testid="video-investigation">
      <h2>{t('credit.ui.videoInv.title')}</h2>
      {evidence ? <InvestigationEvidence evidence={evidence} /> : <p className="muted">{t('credit.ui.videoInv.none')}</p>}
      {busy && <p role="status" className="muted">{t(`credit.ui.videoInv.${busy}`)}</p>}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {canInvestigate && (room ? (
        <VideoRoomLinks applicationId={app.id} room={room} testId="investigation" qrLine={(time) => t('credit.ui.videoInv.qr', { time })} openManager={t('credit.ui.videoInv.openManager')}>
          <button type="button" className="button" disabled={busy !== null} data-testid="investigation-save"
            onClick={() => void run('saving', () => api.call('loans.investigationSave', { id: app.id }), setEvidence)}>
            {t('credit.ui.videoInv.save')}
          </button>
        </VideoRoomLinks>
      ) : (
        <div className="editor-actions">
          <button type="button" className="button" disabled={busy !== null} data-testid="investigation-start"
            onClick={() => void run('opening', () => api.call('loans.investigationRoom', { id: app.id }), setRoom)}>
            {t('credit.ui.videoInv.start')}
          </button>
        </div>
      ))}
    </section>
  );
}

function InvestigationEvidence({ evidence }: { evidence: InvestigationEvidenceView }) {
  const { t } = useTranslation();
  const [large, setLarge] = useState<number | null>(null);
  const shown = evidence.snapshots.find((s) => s.n === large);
  return (
    <div data-testid="investigation-evidence" data-verified={String(evidence.verified)}>
      <p className={`notice ${evidence.verified ? 'notice-info' : 'notice-error'}`} data-testid="investigation-verified">
        {t(evidence.verified ? 'credit.ui.videoInv.verified' : 'credit.ui.videoInv.notVerified')}
      </p>
      <p className="muted">{t('credit.ui.videoInv.savedBy', { who: `${evidence.savedByName}（${evidence.savedBy}）`, at: showDateTime(evidence.savedAt), n: String(evidence.snapshots.length) })}</p>
      <h3>{t('credit.ui.videoInv.checklist')}</h3>
      <ul className="investigation-checklist" data-testid="investigation-checklist">
        {evidence.checklist.map((c) => (
          <li key={c.code} data-code={c.code} data-snapshots={c.snapshots} className={c.snapshots ? 'covered' : 'missing'}>
            {c.snapshots ? '✓' : '✗'} {c.label}：{c.snapshots ? t('credit.ui.videoInv.covered', { n: String(c.snapshots) }) : t('credit.ui.videoInv.missing')}
          </li>
        ))}
      </ul>
      <div className="investigation-snapshots">
        {evidence.snapshots.map((s) => (
          <figure key={s.n} data-testid="investigation-snapshot" data-item={s.item} data-intact={String(s.intact)}>
            <button type="button" className="thumbnail-button" onClick={() => setLarge(s.n)} aria-label={t('credit.ui.videoInv.enlarge', { label: s.label })}>
              <img src={`data:image/jpeg;base64,${s.dataBase64}`} alt={s.label} width={160} />
            </button>
            <figcaption>
              {s.label} · {showDateTime(s.at)}
              <br />
              {s.location
                ? t('credit.ui.videoInv.location', { lat: s.location.latitude.toFixed(5), lon: s.location.longitude.toFixed(5), m: String(Math.round(s.location.accuracyM)) })
                : t('credit.ui.videoInv.noLocation')}
              {!s.intact && <><br /><strong className="altered">{t('credit.ui.videoInv.altered')}</strong></>}
            </figcaption>
          </figure>
        ))}
      </div>
      {shown && (
        <div className="investigation-large" role="dialog" aria-label={shown.label} onKeyDown={(e) => e.key === 'Escape' && setLarge(null)}>
          <img src={`data:image/jpeg;base64,${shown.dataBase64}`} alt={shown.label} />
          <button type="button" className="button" autoFocus onClick={() => setLarge(null)}>{t('credit.ui.videoInv.close')}</button>
        </div>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingRef } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import { formatElapsed } from './credit-format';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The face-to-face recording kept on the loan, played from the branch's own store (its digest re-checked by the core). */
export function FaceSignEvidence({ applicationId, recording, faceSource = 'phone' }: { applicationId: string; recording: RecordingRef; faceSource?: 'phone' | 'desk' }) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [audit, setAudit] = useState<{ digest: string | null; face: string | null; integrity: string } | null>(null);
  const [face, setFace] = useState<string | null>(null);

  useEffect(() => {
    let made: string | null = null;
    api.call('loans.recording', { id: recording.id }).then(
      ({ contentType, dataBase64 }) => {
        const bytes = Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0));
        made = URL.createObjectURL(new Blob([bytes], { type: contentType }));
        setUrl(made);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [recording, t]);

  // The face snapshot of a 视频面签's identity step, kept with the recording (its digest re-checked by the core).
  useEffect(() => {
    if (!recording.faceSnapshot) return;
    api.call('loans.faceSnapshot', { id: recording.id }).then(({ dataBase64 }) => setFace(`data:image/jpeg;base64,${dataBase64}`), (e: unknown) => setError(errorText(e, t)));
  }, [recording, t]);

  // What the audit log says of this recording (its entry checked against the device's chain by the core).
  useEffect(() => {
    api.call('loans.history', { id: applicationId }).then((rows) => {
      const entry = rows.filter((r) => r.action === 'loan.faceSign').at(-1);
      setAudit(entry ? { digest: entry.recordingDigest, face: entry.faceSnapshotDigest, integrity: entry.integrity } : { digest: null, face: null, integrity: 'missing' });
    }, () => setAudit(null));
  }, [applicationId, recording]);

  // Frames the player has decoded so far: what a reviewer (and the E2E) relies on to know the evidence really plays.
  useEffect(() => {
    const v = video.current;
    if (!v || !url) return;
    const count = () => {
      v.dataset.framesDecoded = String(v.getVideoPlaybackQuality().totalVideoFrames);
    };
    v.addEventListener('timeupdate', count);
    v.addEventListener('ended', count);
    return () => {
      v.removeEventListener('timeupdate', count);
      v.removeEventListener('ended', count);
    };
  }, [url]);

  return (
    <section className="panel" data-testid="face-sign-evidence">
      <h2>{t('credit.ui.recorder.evidence')}</h2>
      <p className="muted mono" data-testid="recording-meta" data-digest={recording.digest}>
        {t('credit.ui.recorder.meta', { duration: formatElapsed(recording.durationMs, i18n.language), size: mb(recording.bytes), digest: recording.digest.slice(7, 23) })}
      </p>
      {audit && (
        <p className={audit.digest === recording.digest && audit.integrity === 'ok' ? 'replay-ok' : 'replay-bad'} data-testid="recording-audit" data-digest={audit.digest ?? ''}>
          {audit.digest === recording.digest && audit.integrity === 'ok' ? t('credit.ui.recorder.auditMatches') : t('credit.ui.recorder.auditDiffers')}
        </p>
      )}
      {recording.faceSnapshot && face && (
        <figure className="face-snapshot" data-testid="face-snapshot" data-digest={recording.faceSnapshot.digest}>
          <img src={face} alt={t('credit.ui.recorder.faceAlt')} />
          <figcaption className="muted mono">{t(faceSource === 'desk' ? 'credit.ui.recorder.faceDesk' : 'credit.ui.recorder.face', { digest: recording.faceSnapshot.digest.slice(7, 23) })}</figcaption>
          {audit && (
            <p className={audit.face === recording.faceSnapshot.digest && audit.integrity === 'ok' ? 'replay-ok' : 'replay-bad'} data-testid="face-audit" data-digest={audit.face ?? ''}>
              {audit.face === recording.faceSnapshot.digest && audit.integrity === 'ok' ? t('credit.ui.recorder.auditMatches') : t('credit.ui.recorder.auditDiffers')}
            </p>
          )}
        </figure>
      )}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!url && !error && <p className="muted">{t('credit.ui.recorder.loading')}</p>}
      {url && <video ref={video} src={url} controls playsInline className="recording-player" data-testid="recording-player" />}
    </section>
  );
}

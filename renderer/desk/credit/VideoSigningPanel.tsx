import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView, VideoRoomView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { VideoRoomLinks } from './VideoRoomLinks';

/**
 * 视频面签 at the desk: head office opens the room; the customer's one-time link is shown as a QR code for the phone,
 * the customer manager runs the session in head office's session window, and once the customer has signed the
 * receipt and the session's recording are brought onto the loan (face-signed, then e-signed).
 */
export function VideoSigningPanel({ app, onSigned, onError }: { app: ApplicationView; onSigned(a: ApplicationView): void; onError(e: unknown): void }) {
  const { t } = useTranslation();
  const [room, setRoom] = useState<VideoRoomView | null>(null);
  const [busy, setBusy] = useState<'opening' | 'completing' | null>(null);

  async function run<T>(phase: 'opening' | 'completing', work: () => Promise<T>, done: (v: T) => void) {
    setBusy(phase);
    try {
      done(await work());
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="video-signing" data-testid="video-signing">
      <h3>{t('credit.ui.video.title')}</h3>
      {busy && <p role="status" className="muted">{t(`credit.ui.video.${busy}`)}</p>}
      {room ? (
        <VideoRoomLinks applicationId={app.id} room={room} testId="video" qrLine={(time) => t('credit.ui.video.qr', { time })} openManager={t('credit.ui.video.openManager')}>
          <button
            type="button" className="button" disabled={busy !== null} data-testid="video-complete"
            onClick={() => void run('completing', () => api.call('loans.videoComplete', { id: app.id, rev: app.rev }), onSigned)}
          >
            {t('credit.ui.video.complete')}
          </button>
        </VideoRoomLinks>
      ) : (
        <div className="editor-actions">
          <button type="button" className="button" disabled={busy !== null} data-testid="video-start" onClick={() => void run('opening', () => api.call('loans.videoRoom', { id: app.id }), setRoom)}>
            {t('credit.ui.video.start')}
          </button>
        </div>
      )}
    </div>
  );
}

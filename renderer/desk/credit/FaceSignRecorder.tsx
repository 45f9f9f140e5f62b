import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { blobToBase64, jpegOf, sha256Digest, startDeskRecorder, type DeskRecorder } from '../../video/desk-recorder';
import { formatElapsed } from './credit-format';

/** A JPEG frame of the preview (at most 640 wide, well under the 1 MB kept); none when the camera gave no picture. */
async function faceSnapshot(video: HTMLVideoElement | null): Promise<{ dataBase64: string; digest: string } | null> {
  if (!video || video.videoWidth === 0) return null;
  const jpeg = await jpegOf(video, 640).catch(() => null);
  return jpeg ? { dataBase64: await blobToBase64(jpeg), digest: await sha256Digest(jpeg) } : null;
}

type Phase = { kind: 'idle' } | { kind: 'opening' } | { kind: 'recording'; since: number } | { kind: 'saving' } | { kind: 'failed'; message: string };

/**
 * 录像面签 at the desk: the camera records the customer signing in front of the manager; stopping hands the file and
 * its SHA-256 to `loans.faceSign`, which keeps both on the loan in one write with the audit entry.
 */
export function FaceSignRecorder({ app, note, onSigned, onError }: { app: ApplicationView; note: string; onSigned(a: ApplicationView): void; onError(e: unknown): void }) {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [now, setNow] = useState(0);
  const preview = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const recorder = useRef<DeskRecorder | null>(null);

  const release = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    recorder.current = null;
  };
  useEffect(() => release, []);
  useEffect(() => {
    if (phase.kind !== 'recording') return;
    const timer = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(timer);
  }, [phase.kind]);

  async function start() {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      setPhase({ kind: 'failed', message: t('credit.ui.recorder.unsupported') });
      return;
    }
    setPhase({ kind: 'opening' });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    } catch {
      setPhase({ kind: 'failed', message: t('credit.ui.recorder.denied') });
      return;
    }
    if (preview.current) preview.current.srcObject = stream.current;
    recorder.current = startDeskRecorder(stream.current);
    setNow(performance.now());
    setPhase({ kind: 'recording', since: recorder.current.startedAt });
  }

  async function stop() {
    const active = recorder.current;
    if (!active) return;
    setPhase({ kind: 'saving' });
    try {
      // The customer's face as the desk's camera sees her at the end of the signing, kept with the recording.
      const face = await faceSnapshot(preview.current);
      const recording = await active.stop();
      release();
      const next = await api.call('loans.faceSign', {
        id: app.id, rev: app.rev, note,
        recording: {
          dataBase64: await blobToBase64(recording.blob), digest: recording.digest, durationMs: recording.durationMs, contentType: 'video/webm',
          ...(face ? { faceSnapshot: face } : {}),
        },
      });
      setPhase({ kind: 'idle' });
      onSigned(next);
    } catch (e) {
      release();
      setPhase({ kind: 'idle' });
      onError(e);
    }
  }

  function cancel() {
    void recorder.current?.stop().catch(() => undefined);
    release();
    setPhase({ kind: 'idle' });
  }

  return (
    <div className="face-sign-recorder" data-testid="face-sign-recorder">
      <video ref={preview} autoPlay playsInline muted hidden={phase.kind !== 'recording'} className="recorder-preview" />
      <p role="status" data-testid="recorder-status" className={phase.kind === 'failed' ? 'notice notice-error' : 'muted'}>
        {phase.kind === 'opening' && t('credit.ui.recorder.opening')}
        {phase.kind === 'recording' && t('credit.ui.recorder.recording', { time: formatElapsed(Math.max(0, now - phase.since), i18n.language) })}
        {phase.kind === 'saving' && t('credit.ui.recorder.saving')}
        {phase.kind === 'failed' && phase.message}
      </p>
      <div className="editor-actions">
        {phase.kind === 'recording' ? (
          <>
            <button type="button" className="button button-primary" onClick={() => void stop()} data-testid="recorder-stop">{t('credit.ui.recorder.stop')}</button>
            <button type="button" className="button" onClick={cancel}>{t('credit.ui.recorder.cancel')}</button>
          </>
        ) : (
          <button type="button" className="button" onClick={() => void start()} disabled={phase.kind === 'opening' || phase.kind === 'saving'} data-testid="recorder-start">
            {t('credit.ui.recorder.start')}
          </button>
        )}
      </div>
    </div>
  );
}

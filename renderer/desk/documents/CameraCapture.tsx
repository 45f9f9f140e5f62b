import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { captureFrame } from './image-files';

/** The browser's reason in the teller's words, never its English text. */
function cameraProblem(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotSupportedError') return 'ocr.ui.cameraUnsupported';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'ocr.ui.cameraDenied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'ocr.ui.cameraMissing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'ocr.ui.cameraBusy';
  return 'ocr.ui.cameraError';
}

interface Props {
  onCapture(image: Blob): void;
  onCancel(): void;
}

/** The counter's document camera (or any webcam) through getUserMedia; one frame is taken as a PNG. */
export function CameraCapture({ onCapture, onCancel }: Props) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'live' | { error: string }>('starting');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no getUserMedia', 'NotSupportedError');
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false });
        if (!live) return;
        const v = video.current!;
        v.srcObject = stream;
        await v.play();
        if (live) setState('live');
      } catch (e) {
        if (live) setState({ error: t(cameraProblem(e)) });
      }
    })();
    return () => {
      live = false;
      // The camera light must go off as soon as the teller leaves this view.
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [t]);

  return (
    <div className="camera" data-testid="ocr-camera">
      <video ref={video} muted playsInline className="camera-video" aria-label={t('ocr.ui.camera')} />
      {state === 'starting' && <p className="muted" role="status">{t('ocr.ui.cameraStarting')}</p>}
      {typeof state === 'object' && <p className="notice notice-error" role="alert">{t('ocr.ui.cameraFailed', { reason: state.error })}</p>}
      <div className="camera-actions">
        <button type="button" className="button button-primary button-small" disabled={state !== 'live'}
          onClick={() => void captureFrame(video.current!).then(onCapture, (e: unknown) => setState({ error: t(cameraProblem(e)) }))}>
          {t('ocr.ui.cameraTake')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>{t('ocr.ui.cameraCancel')}</button>
      </div>
    </div>
  );
}

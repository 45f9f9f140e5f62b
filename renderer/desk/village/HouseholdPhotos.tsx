import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdPhoto } from '../../../main/core/village/household-photos.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { CameraCapture } from '../documents/CameraCapture';
import { blobToBase64, shrinkIfLarge } from '../documents/image-files';
import { errorText } from '../labels';

const THUMB_WIDTH = 160;

/**
 * 农户建档's photos: the house, the land, the animals. A file can always be chosen; the laptop's camera is offered
 * when the browser has one. The core re-encodes and stores the picture on this device, so it works offline; the
 * photo syncs after the household's record (its own document with an attachment).
 */
export function HouseholdPhotos({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<HouseholdPhoto[]>([]);
  const [caption, setCaption] = useState('');
  const [camera, setCamera] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const hasCamera = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

  const reload = useCallback(() => {
    api.call('village.photos', { householdId }).then(setPhotos, (e: unknown) => setError(errorText(e, t)));
  }, [householdId, t]);
  useEffect(reload, [reload]);

  async function add(image: Blob) {
    setCamera(false);
    setBusy(true);
    setError(null);
    setNotice(t('village.photo.adding'));
    try {
      const imageBase64 = await blobToBase64(await shrinkIfLarge(image));
      await api.call('village.addPhoto', { householdId, imageBase64, caption });
      setCaption('');
      setNotice(t('village.photo.added'));
      reload();
    } catch (e) {
      setNotice(null);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function remove(id: string) {
    setError(null);
    setNotice(null);
    try {
      await api.call('village.removePhoto', { id });
      reload();
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <section className="village-photos" data-testid="household-photos">
      <h3>{t('village.photo.title')}</h3>
      {photos.length === 0 && <p className="muted">{t('village.photo.none')}</p>}
      <ul className="village-photo-list">
        {photos.map((p) => <PhotoThumb key={p.id} photo={p} onRemove={() => void remove(p.id)} />)}
      </ul>
      <div className="village-toolbar">
        <label className="village-field">
          {t('village.photo.caption')}
          <input aria-label={t('village.photo.caption')} value={caption} maxLength={100} onChange={(e) => setCaption(e.target.value)} />
        </label>
        <label className="button">
          {t('village.photo.pick')}
          <input ref={input} type="file" accept="image/*" capture="environment" className="sr-only" data-testid="household-photo-file" disabled={busy}
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void add(f); }} />
        </label>
        {hasCamera && !camera && <button type="button" className="button" disabled={busy} onClick={() => setCamera(true)}>{t('village.photo.camera')}</button>}
      </div>
      {camera && <CameraCapture onCapture={(b) => void add(b)} onCancel={() => setCamera(false)} />}
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {notice && <div className="muted" role="status">{notice}</div>}
    </section>
  );
}

/** A small JPEG made by the core on request; removal asks once more before the photo goes. */
function PhotoThumb({ photo, onRemove }: { photo: HouseholdPhoto; onRemove(): void }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    let live = true;
    api.call('village.photo', { id: photo.id, width: THUMB_WIDTH }).then((img) => live && setSrc(`data:${img.contentType};base64,${img.data}`), () => undefined);
    return () => {
      live = false;
    };
  }, [photo.id]);
  const alt = t('village.photo.alt', { caption: photo.caption || t('village.photo.title'), at: showDateTime(photo.createdAt) });
  return (
    <li className="village-photo" data-testid="household-photo">
      {src ? <img src={src} alt={alt} width={THUMB_WIDTH} /> : <span className="muted">…</span>}
      <span className="muted">{photo.caption}</span>
      {confirming ? (
        <span>
          {t('village.photo.removeConfirm')}
          <button type="button" className="button button-small button-danger" onClick={onRemove}>{t('village.photo.remove')}</button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>{t('desk.form.cancel')}</button>
        </span>
      ) : (
        <button type="button" className="button button-small" onClick={() => setConfirming(true)}>{t('village.photo.remove')}</button>
      )}
    </li>
  );
}

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraCapture } from './CameraCapture';
import { refusalOf, type Slot } from './ocr-model';

export interface SlotImage {
  blob: Blob;
  /** Object URL for the preview; revoked by the owner when replaced. */
  url: string;
  label: string;
}

interface Props {
  slot: Slot;
  image: SlotImage | undefined;
  disabled?: boolean;
  onImage(blob: Blob, label: string): void;
  onRemove(): void;
}

/**
 * One side of a document (every slot is required): drop a file, pick one, or take it with the camera; shows
 * what will be read. A file that is not a picture (a PDF, an iPhone HEIC, a text file) is refused the moment it
 * is chosen, in the slot, with the core's own message; the picture already there stays.
 */
export function ImageSlot({ slot, image, disabled, onImage, onRemove }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [camera, setCamera] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  // A picture the browser cannot preview (some TIFFs) shows its name instead of a broken image.
  const [broken, setBroken] = useState<string | null>(null);
  const title = t(`ocr.ui.slot.${slot}`);

  async function take(file: Blob, label: string) {
    const key = await refusalOf(file);
    setRefused(key ? t('ocr.ui.slotRefused', { file: label, reason: t(key) }) : null);
    if (!key) onImage(file, label);
  }

  return (
    <div
      className={['ocr-slot', over ? 'drag-over' : '', image ? 'has-image' : ''].join(' ')}
      data-testid={`ocr-slot-${slot}`}
      onDragOver={(e) => {
        if (disabled) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) void take(file, file.name);
      }}
    >
      <div className="ocr-slot-head">
        <strong>{title}</strong>
        <span className="required">{t('ocr.ui.slotRequired')}</span>
      </div>
      {camera ? (
        <CameraCapture
          onCapture={(blob) => {
            setCamera(false);
            void take(blob, `${title}.png`);
          }}
          onCancel={() => setCamera(false)}
        />
      ) : image ? (
        <figure className="ocr-slot-preview">
          {broken === image.url ? (
            <div className="ocr-slot-nopreview" aria-hidden="true">?</div>
          ) : (
            <img src={image.url} alt={title} onError={() => setBroken(image.url)} />
          )}
          <figcaption className="muted" title={image.label}>{image.label}</figcaption>
        </figure>
      ) : (
        <p className="ocr-slot-empty muted">{t('ocr.ui.drop')}</p>
      )}
      {!camera && (
        <div className="ocr-slot-actions">
          <button type="button" className="button button-small" disabled={disabled} onClick={() => input.current?.click()}>
            {image ? t('ocr.ui.replace') : t('ocr.ui.pick')}
          </button>
          <button type="button" className="button button-small" disabled={disabled} onClick={() => setCamera(true)}>
            {t('ocr.ui.camera')}
          </button>
          {image && (
            <button type="button" className="button button-small" disabled={disabled} onClick={onRemove}>
              {t('ocr.ui.remove')}
            </button>
          )}
        </div>
      )}
      {refused && <p className="notice notice-error ocr-slot-error" role="alert" data-testid={`ocr-slot-error-${slot}`}>{refused}</p>}
      {/* The dialog offers pictures; whatever arrives anyway (drag and drop, "all files") is checked by take(). */}
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/bmp,image/tiff,.png,.jpg,.jpeg,.webp,.bmp,.tif,.tiff"
        hidden
        aria-label={t('ocr.ui.pickFor', { slot: title })}
        data-testid={`ocr-file-${slot}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void take(file, file.name);
          e.target.value = '';
        }}
      />
    </div>
  );
}

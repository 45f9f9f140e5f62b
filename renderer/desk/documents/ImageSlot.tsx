import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraCapture } from './CameraCapture';
import type { Slot } from './ocr-model';

export interface SlotImage {
  blob: Blob;
  /** Object URL for the preview; revoked by the owner when replaced. */
  url: string;
  label: string;
}

interface Props {
  slot: Slot;
  image: SlotImage | undefined;
  optional?: boolean;
  disabled?: boolean;
  onImage(blob: Blob, label: string): void;
  onRemove(): void;
}

/** One side of a document: drop a file, pick one, or take it with the camera; shows what will be read. */
export function ImageSlot({ slot, image, optional, disabled, onImage, onRemove }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [camera, setCamera] = useState(false);
  // A PDF or HEIC picked by mistake has no preview; its name is shown instead of a broken picture.
  const [broken, setBroken] = useState<string | null>(null);
  const title = t(`ocr.ui.slot.${slot}`);

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
        if (file && !disabled) onImage(file, file.name);
      }}
    >
      <div className="ocr-slot-head">
        <strong>{title}</strong>
        {optional && <span className="muted">{t('ocr.ui.slotOptional')}</span>}
      </div>
      {camera ? (
        <CameraCapture
          onCapture={(blob) => {
            setCamera(false);
            onImage(blob, `${title}.png`);
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
      {/* Any file is accepted on purpose: a PDF or HEIC picked by mistake gets the core's precise refusal. */}
      <input
        ref={input}
        type="file"
        hidden
        aria-label={t('ocr.ui.pickFor', { slot: title })}
        data-testid={`ocr-file-${slot}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onImage(file, file.name);
          e.target.value = '';
        }}
      />
    </div>
  );
}

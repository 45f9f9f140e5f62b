import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../../domain/customers/customer';
import { OcrPanel, type PendingVerdict } from '../../documents/OcrPanel';
import { fieldLabel } from '../../labels';
import type { CustomerDraft } from '../form-model';

interface Props {
  kind: CustomerKind;
  draft: CustomerDraft;
  /** The verdict waiting for the customer to be saved, if a document was scanned. */
  pendingScan: PendingVerdict | null;
  /** Fills the form from the scan; returns the paths filled. */
  onScanned(pending: PendingVerdict): string[];
}

/** Scan an ID card or licence into the form: the button, the OCR panel, and which fields it filled. */
export function ScanBar({ kind, draft, pendingScan, onScanned }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  function scanned(pending: PendingVerdict) {
    const paths = onScanned(pending);
    setOpen(false);
    const labels = paths.map((p) => fieldLabel(p, kind, t));
    setNotice(labels.length ? t('ocr.ui.filled', { fields: labels.join('、') }) : null);
  }

  return (
    <div className="form-ocr">
      <div className="form-ocr-bar">
        {!open && (
          <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="form-scan">
            {t('ocr.ui.open')}
          </button>
        )}
        {notice && <span className="field-hint" role="status">{notice}</span>}
        {pendingScan && <span className="muted">{t('ocr.ui.pendingSave', { verdict: t(`documents.verdict.${pendingScan.verdict}`) })}</span>}
      </div>
      {open && <OcrPanel customerKind={kind} draft={draft} onVerdict={scanned} onClose={() => setOpen(false)} />}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../domain/customers/customer';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import type { SavedDocument } from '../../../main/core/documents/documents.contract';
import type { CustomerDraft } from '../customers/form-model';
import { SLOTS } from './ocr-model';
import { OcrCapture, OcrPanelHead } from './ocr-panel/OcrCapture';
import { OcrFieldsTable, OcrResultImages } from './ocr-panel/OcrFieldsTable';
import { OcrChecks, OcrDifferences } from './ocr-panel/OcrFindings';
import type { PendingVerdict } from './ocr-panel/ocr-requests';
import { OcrVerdictBar } from './ocr-panel/OcrVerdictBar';
import { useOcrPanel } from './ocr-panel/useOcrPanel';
import './documents.css';

export type { PendingVerdict, SaveVerdictArgs } from './ocr-panel/ocr-requests';

interface Props {
  customerKind: CustomerKind;
  /** The customer being served: the verdict is saved at once and differences are against the file. */
  customer?: CustomerRecord;
  /** Or the customer form's draft: an accepted scan fills the form and the verdict waits for the customer. */
  draft?: CustomerDraft;
  onSaved?(doc: SavedDocument, notice: string): void;
  onVerdict?(pending: PendingVerdict): void;
  onClose(): void;
}

/**
 * 证件识别: images in (file, drag-and-drop, camera), fields out beside the image, with what was uncertain, what the
 * checks repaired, what failed and how it differs from the customer; then 接受 / 更正 / 拒绝. Recognition runs in
 * the core's worker, so nothing here blocks typing elsewhere on the page.
 */
export function OcrPanel({ customerKind, customer, draft, onSaved, onVerdict, onClose }: Props) {
  const { t } = useTranslation();
  const p = useOcrPanel({ customerKind, customer, draft, onSaved, onVerdict });
  const { kind, images, status, review, result, facts } = p;
  const resultSlots = SLOTS[kind].filter((s) => images[s]);

  return (
    <section className="ocr-panel" aria-label={t('ocr.ui.title')} data-testid="ocr-panel">
      <OcrPanelHead kind={kind} busy={p.busy} saving={p.saving} onKind={(k) => p.reset(k)} onClose={onClose} />

      {status.phase !== 'result' && (
        <OcrCapture kind={kind} images={images} status={status} busy={p.busy} forDraft={!!draft}
          onImage={p.putImage} onRemove={p.removeImage} onRecognise={() => void p.recognise()} />
      )}

      {result && (
        <div className="ocr-result" data-testid="ocr-result">
          <OcrResultImages slots={resultSlots} images={images} wallMs={result.wallMs} />

          <div className="ocr-review">
            <OcrFieldsTable result={result} review={review} read={p.read} values={p.values} onValue={p.setValue} />
            <OcrChecks checks={p.checks} />
            {(customer || Object.values(facts).some((v) => v?.trim())) && (
              <OcrDifferences kind={result.kind} customer={customer} review={review} differences={p.differences} updates={p.updates} onToggle={p.toggleUpdate} />
            )}
            <OcrVerdictBar review={review} reason={p.reason} saveError={p.saveError} blocked={p.blocked} saving={p.saving}
              onReason={p.setReason} onDecide={(v) => void p.decide(v)} onCorrect={p.startCorrecting} onReview={p.setReview} onRescan={() => p.reset()} />
          </div>
        </div>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../main/core/customers/customers.contract';
import type { SavedDocument } from '../../../main/core/documents/documents.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';
import { OcrPanel } from './OcrPanel';
import './documents.css';

interface Props {
  record: CustomerRecord;
  canScan: boolean;
  /** Bumped by the detail header's 证件识别 button: opens the scan panel. */
  scanRequest?: number;
}

/** The 证件 tab of a customer: the scan panel on demand, then every document kept, newest first. */
export function DocumentsTab({ record, canScan, scanRequest = 0 }: Props) {
  const { t, i18n } = useTranslation();
  const [docs, setDocs] = useState<SavedDocument[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(scanRequest > 0 && canScan);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.call('documents.list', { customerId: record.id }).then(
      (list) => {
        setDocs(list);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [record.id, t]);

  useEffect(load, [load]);
  // A new request from the header button opens the panel (adjusted while rendering, not in an effect).
  const [seenRequest, setSeenRequest] = useState(scanRequest);
  if (scanRequest !== seenRequest) {
    setSeenRequest(scanRequest);
    if (canScan) setScanning(true);
  }
  // Another counter may scan for the same customer; replication brings its documents in too.
  useApiEvent('document.saved', ({ customerId }) => {
    if (customerId === record.id) load();
  });

  return (
    <div className="documents-tab" data-testid="documents-tab">
      {canScan && !scanning && (
        <div className="documents-toolbar">
          <button type="button" className="button button-primary" onClick={() => { setNotice(null); setScanning(true); }} data-testid="open-ocr">
            {t('ocr.ui.open')}
          </button>
        </div>
      )}
      {notice && <p className="notice notice-info" role="status" data-testid="documents-notice">{notice}</p>}
      {scanning && (
        <OcrPanel
          customerKind={record.kind}
          customer={record}
          onClose={() => setScanning(false)}
          onSaved={(_doc, text) => {
            setScanning(false);
            setNotice(text);
            load();
          }}
        />
      )}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {docs && docs.length === 0 && !scanning && <p className="muted">{t('documents.empty')}</p>}
      {docs && docs.length > 0 && (
        <ol className="documents-list" data-testid="documents-list">
          {docs.map((d) => (
            <DocumentItem key={d.id} doc={d} en={i18n.language === 'en'} />
          ))}
        </ol>
      )}
    </div>
  );
}

function DocumentItem({ doc, en }: { doc: SavedDocument; en: boolean }) {
  const { t } = useTranslation();
  const failed = doc.checks.filter((c) => !c.ok);
  const holder = doc.kind === 'id-card' ? doc.fields.name : doc.fields.companyName;
  const number = doc.kind === 'id-card' ? doc.fields.idNumber : doc.fields.uscc;
  return (
    <li className={`document-item verdict-${doc.verdict}`} data-testid="document-item">
      <div className="document-thumbs">
        {doc.images.map((img) => (
          <Thumbnail key={img.name} id={doc.id} name={img.name} alt={`${t(`documents.kind.${doc.kind}`)} ${img.name}`} />
        ))}
      </div>
      <div className="document-body">
        <div className="document-head">
          <span className={`tag verdict-tag verdict-tag-${doc.verdict}`}>{t(`documents.verdict.${doc.verdict}`)}</span>
          <strong>{t(`documents.kind.${doc.kind}`)}</strong>
          <span>{holder}</span>
          <span className="mono">{number}</span>
        </div>
        <p className="muted">{t('documents.by', { at: showDateTime(doc.createdAt), name: doc.createdByName, staffNo: doc.createdBy })}</p>
        {doc.reason && <p>{t('documents.reason', { reason: doc.reason })}</p>}
        {failed.length > 0 && <p className="error-text">{t('documents.failedChecks', { checks: failed.map((c) => (en ? c.messageEn : c.messageZh)).join(t('desk.listSeparator')) })}</p>}
        {doc.differences.map((d) => (
          <p key={d.field} className="warning-text">{en ? d.messageEn : d.messageZh}</p>
        ))}
      </div>
    </li>
  );
}

/** Thumbnails come from the core as small JPEGs; the full scan is fetched only when the teller opens it. */
function Thumbnail({ id, name, alt }: { id: string; name: string; alt: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('documents.image', { id, name, width: 200 }).then(
      (img) => live && setSrc(`data:${img.contentType};base64,${img.data}`),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, name]);

  async function openOriginal() {
    const img = await api.call('documents.image', { id, name });
    const bytes = Uint8Array.from(atob(img.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: img.contentType }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return (
    <button type="button" className="document-thumb" onClick={() => void openOriginal()} title={t('documents.view')}>
      {src ? <img src={src} alt={alt} /> : <span className="muted">…</span>}
    </button>
  );
}

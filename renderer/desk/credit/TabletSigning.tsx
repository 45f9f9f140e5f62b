import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import type { TabletPairingView, TabletSignatureView } from '../../../main/core/credit/tablet-signing.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { groupedDigest } from '../../format/digest';
import { drawStrokes } from '../../video/signature-strokes';
import { errorText } from '../labels';

const POLL_MS = 1000;

/**
 * 平板签字 at the desk, after a recorded face-to-face: the desk makes a one-time code for the branch tablet and shows
 * it large; once the tablet paired and the customer signed, the loan is reloaded (e-signed).
 */
export function TabletSigningPanel({ app, onSigned, onError }: { app: ApplicationView; onSigned(a: ApplicationView): void; onError(e: unknown): void }) {
  const { t } = useTranslation();
  const [pairing, setPairing] = useState<TabletPairingView | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    try {
      setPairing(await api.call('loans.tabletPairing', { id: app.id }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  // While a code is out or a tablet is paired, the desk follows it (a second apart) until the customer has signed.
  const live = pairing?.state === 'waiting' || pairing?.state === 'paired';
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const timer = setInterval(() => {
      api.call('loans.tabletStatus', { id: app.id }).then(async (next) => {
        if (stopped) return;
        setPairing(next);
        if (next.state === 'signed') onSigned(await api.call('loans.get', { id: app.id }));
      }, () => undefined);
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [live, app.id, onSigned]);

  const status = !pairing ? null
    : pairing.state === 'paired' ? t('credit.ui.tablet.deskPaired', { address: pairing.tabletAddress ?? '' })
      : pairing.state === 'expired' ? t('credit.ui.tablet.deskExpired')
        : pairing.state === 'void' ? t(pairing.voided === 'wrongCodes' ? 'credit.ui.tablet.deskVoidWrong' : 'credit.ui.tablet.deskVoidReplaced')
          : null;

  return (
    <div className="tablet-signing" data-testid="tablet-signing">
      <h3>{t('credit.ui.tablet.deskTitle')}</h3>
      <p className="muted">{t('credit.ui.tablet.deskExplain')}</p>
      {pairing?.state === 'waiting' && pairing.code && (
        <div className="tablet-code-box">
          <p className="muted">{t('credit.ui.tablet.deskCode', { time: showDateTime(pairing.expiresAt, true) })}</p>
          <p className="tablet-code mono" data-testid="tablet-desk-code">{pairing.code}</p>
          {app.contract && <p className="muted mono">{t('credit.ui.tablet.deskDigest', { digest: groupedDigest(app.contract.digest) })}</p>}
        </div>
      )}
      {status && <p role="status" className={pairing?.state === 'paired' ? 'notice notice-info' : 'notice notice-error'} data-testid="tablet-desk-status">{status}</p>}
      <div className="editor-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void start()} data-testid="tablet-desk-start" autoFocus>
          {t(pairing ? 'credit.ui.tablet.deskNewCode' : 'credit.ui.tablet.deskStart')}
        </button>
      </div>
    </div>
  );
}

/** The customer's tablet signature on the loan, drawn from its strokes and checked by the core as it is shown. */
export function TabletSignatureEvidence({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [signature, setSignature] = useState<TabletSignatureView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.call('loans.tabletSignature', { id: applicationId }).then(setSignature, (e: unknown) => setError(errorText(e, t)));
  }, [applicationId, t]);
  useEffect(() => {
    if (signature && canvas.current) drawStrokes(canvas.current, signature.strokes);
  }, [signature]);

  const verified = signature?.problems.length === 0;
  return (
    <section className="panel" data-testid="tablet-signature-evidence">
      <h2>{t('credit.ui.tablet.evidence')}</h2>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {signature && (
        <>
          <canvas ref={canvas} width={600} height={240} className="tablet-signature-drawn" data-testid="tablet-signature-drawn" data-points={signature.strokes.flat().length} />
          <p className="muted mono" data-testid="tablet-signature-meta" data-digest={signature.signatureDigest}>
            {t('credit.ui.tablet.meta', { at: showDateTime(signature.signedAt, true), by: signature.pairedBy, address: signature.tabletAddress, digest: signature.signatureDigest.slice(7, 23) })}
          </p>
          <p className={verified ? 'replay-ok' : 'replay-bad'} data-testid="tablet-signature-check">
            {verified ? t('credit.ui.tablet.verified') : t('credit.ui.tablet.notVerified', { what: signature.problems.map((p) => t(`credit.ui.tablet.problem.${p}`)).join('、') })}
          </p>
        </>
      )}
    </section>
  );
}

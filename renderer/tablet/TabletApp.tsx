import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBpAsPercent, formatYuan } from '../../domain/credit/money-format';
import type { TabletSigningView } from '../../main/core/credit/tablet-signing.contract';
import { api, ApiCallError } from '../api/client';
import { groupedDigest } from '../format/digest';
import { attachSignaturePad, type SignaturePad } from '../video/signature-strokes';
import './tablet.css';

// 平板签字: the branch tablet at the counter. The customer (or the manager for her) types the one-time code the desk's
// screen shows; the tablet shows the contract in short with its digest and the desk recording's, the customer signs
// with a finger, and the signature goes to the desk host bound to those two digests. Nothing is kept on the tablet.

type Phase = { kind: 'code' } | { kind: 'sign'; view: TabletSigningView } | { kind: 'done'; digest: string };

const DONE_SHOWN_MS = 20_000;

function message(e: unknown, t: (k: string, p?: Record<string, unknown>) => string): string {
  if (e instanceof ApiCallError) return e.body.fields?.[0]?.message ?? e.body.message;
  return t('credit.ui.tablet.failed');
}

export function TabletApp() {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'code' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [points, setPoints] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);

  useEffect(() => {
    if (phase.kind !== 'sign' || !canvas.current) return;
    pad.current = attachSignaturePad(canvas.current, setPoints);
    return () => pad.current?.detach();
  }, [phase]);
  useEffect(() => {
    if (phase.kind !== 'done') return;
    const back = setTimeout(() => setPhase({ kind: 'code' }), DONE_SHOWN_MS);
    return () => clearTimeout(back);
  }, [phase]);

  async function pair(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const view = await api.call('tablet.pair', { code });
      setPoints(0);
      setPhase({ kind: 'sign', view });
    } catch (err) {
      setError(message(err, t));
    } finally {
      setCode('');
      setBusy(false);
    }
  }

  async function sign(view: TabletSigningView) {
    setBusy(true);
    setError(null);
    try {
      const done = await api.call('tablet.sign', { token: view.token, contractDigest: view.contractDigest, recordingDigest: view.recordingDigest, strokes: pad.current!.strokes() });
      setPhase({ kind: 'done', digest: done.signatureDigest });
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="tablet" data-testid="tablet">
      <header className="tablet-top">{t('credit.ui.tablet.title')}</header>
      {error && <p className="tablet-error" role="alert" data-testid="tablet-error">{error}</p>}
      {phase.kind === 'code' && (
        <form className="tablet-pair" onSubmit={(e) => void pair(e)}>
          <label htmlFor="tablet-code">{t('credit.ui.tablet.codeLabel')}</label>
          <input
            id="tablet-code" data-testid="tablet-code" value={code} inputMode="numeric" autoComplete="off" maxLength={6} autoFocus
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
          <button type="submit" className="tablet-button tablet-primary" disabled={busy || code.length !== 6} data-testid="tablet-pair">{t('credit.ui.tablet.pair')}</button>
          <p className="tablet-hint">{t('credit.ui.tablet.codeHint')}</p>
        </form>
      )}
      {phase.kind === 'sign' && (
        <section className="tablet-sign" data-testid="tablet-contract">
          <h1>{t('credit.ui.tablet.contractTitle', { branch: phase.view.branchName })}</h1>
          <dl className="tablet-terms">
            <div><dt>{t('credit.ui.tablet.borrower')}</dt><dd data-testid="tablet-customer">{phase.view.customerName}</dd></div>
            <div><dt>{t('credit.ui.tablet.contractNo')}</dt><dd className="mono">{phase.view.contractNo}</dd></div>
            <div><dt>{t('credit.ui.tablet.product')}</dt><dd>{phase.view.productName}</dd></div>
            <div><dt>{t('credit.ui.tablet.amount')}</dt><dd data-testid="tablet-amount">{formatYuan(phase.view.principalFen)} 元</dd></div>
            <div><dt>{t('credit.ui.tablet.rate')}</dt><dd>{formatBpAsPercent(phase.view.rateBp)}</dd></div>
            <div><dt>{t('credit.ui.tablet.term')}</dt><dd>{t('credit.ui.tablet.months', { n: phase.view.termMonths })} · {phase.view.methodName}</dd></div>
            <div><dt>{t('credit.ui.tablet.period')}</dt><dd>{phase.view.startDate} — {phase.view.maturityDate}</dd></div>
          </dl>
          <p className="tablet-digest">
            {t('credit.ui.tablet.contractDigest')} <span className="mono" data-testid="tablet-contract-digest" data-digest={phase.view.contractDigest}>{groupedDigest(phase.view.contractDigest)}</span>
          </p>
          <p className="tablet-digest">
            {t('credit.ui.tablet.recordingDigest')} <span className="mono" data-testid="tablet-recording-digest" data-digest={phase.view.recordingDigest}>{groupedDigest(phase.view.recordingDigest)}</span>
          </p>
          <p className="tablet-consent">{t('credit.ui.tablet.consent')}</p>
          <canvas ref={canvas} className="tablet-pad" width={1200} height={480} data-testid="tablet-pad" aria-label={t('credit.ui.tablet.padLabel')} />
          <div className="tablet-actions">
            <button type="button" className="tablet-button" onClick={() => pad.current?.clear()} disabled={busy}>{t('credit.ui.tablet.clear')}</button>
            <button type="button" className="tablet-button tablet-primary" onClick={() => void sign(phase.view)} disabled={busy || points === 0} data-testid="tablet-sign">
              {t('credit.ui.tablet.sign')}
            </button>
          </div>
        </section>
      )}
      {phase.kind === 'done' && (
        <section className="tablet-done" role="status" data-testid="tablet-done" data-digest={phase.digest}>
          <h1>{t('credit.ui.tablet.done')}</h1>
          <p>{t('credit.ui.tablet.handBack')}</p>
          <p className="mono tablet-hint">{t('credit.ui.tablet.signatureDigest')} {phase.digest.slice(7, 23)}</p>
        </section>
      )}
    </main>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import { api, ApiCallError } from '../../api/client';
import { errorText, fieldErrorText } from '../labels';
import { fenToYuanText, yuanToFen } from './credit-format';

/** The branch head records what the manual investigation found, then approves (with the limit granted) or rejects. */
export function InvestigationForm({ app, onDone }: { app: ApplicationView; onDone(a: ApplicationView): void }) {
  const { t } = useTranslation();
  const [findings, setFindings] = useState('');
  const [limit, setLimit] = useState(fenToYuanText(app.decision?.limitFen || app.requestedAmountFen));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(outcome: 'approve' | 'reject') {
    const limitFen = yuanToFen(limit);
    if (outcome === 'approve' && limitFen === null) return setError(t('credit.ui.badAmount', { field: t('credit.ui.approvedLimit') }));
    setBusy(true);
    try {
      onDone(await api.call('loans.investigate', { id: app.id, rev: app.rev, findings, outcome, ...(outcome === 'approve' ? { limitFen: limitFen! } : {}) }));
    } catch (e) {
      setError(e instanceof ApiCallError && e.body.fields?.length ? e.body.fields.map((f) => fieldErrorText(f, t)).join('；') : errorText(e, t));
      setBusy(false);
    }
  }

  return (
    <section className="panel investigation" data-testid="investigation-form">
      <h2>{t('credit.ui.investigation')}</h2>
      <label className="field" htmlFor="inv-findings">
        <span className="field-label">{t('credit.ui.findings')}</span>
        <textarea id="inv-findings" rows={4} value={findings} onChange={(e) => setFindings(e.target.value)} autoFocus />
      </label>
      <label className="field" htmlFor="inv-limit">
        <span className="field-label">{t('credit.ui.approvedLimit')}（{t('credit.ui.yuan')}）</span>
        <input id="inv-limit" value={limit} onChange={(e) => setLimit(e.target.value)} inputMode="decimal" autoComplete="off" />
      </label>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      <div className="editor-actions">
        <button type="button" className="button" onClick={() => void decide('reject')} disabled={busy}>{t('credit.ui.reject')}</button>
        <button type="button" className="button button-primary" onClick={() => void decide('approve')} disabled={busy}>{t('credit.ui.approve')}</button>
      </div>
    </section>
  );
}

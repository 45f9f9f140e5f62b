import { useTranslation } from 'react-i18next';
import { fenToChineseUppercase } from '../../../../domain/money/chinese-amount';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { showDateTime } from '../../../format/time';
import { formatBpAsPercent, formatYuan } from '../credit-format';

/** Everything the money depends on: amount (also in 大写), customer, product, rate, term and contract. */
export function DisburseSummary({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const c = app.contract!;
  return (
    <dl className="disburse-summary" data-testid="disburse-summary">
      <div className="disburse-amount"><dt>{t('disburse.amount')}</dt>
        <dd data-testid="disburse-amount"><strong className="mono">¥{formatYuan(c.principalFen)}</strong> <span className="muted">{t('credit.ui.yuan')}</span>
          <span className="disburse-uppercase" data-testid="disburse-amount-words">{fenToChineseUppercase(c.principalFen)}</span></dd></div>
      <div><dt>{t('disburse.customer')}</dt><dd data-testid="disburse-customer">{app.customerName}</dd></div>
      <div><dt>{t('disburse.product')}</dt><dd>{t(`credit.product.${app.productCode}`)}</dd></div>
      <div><dt>{t('credit.ui.rate')}</dt><dd className="mono">{formatBpAsPercent(c.rateBp)}（LPR {formatBpAsPercent(c.lprBp)} + {c.spreadBp}BP）</dd></div>
      <div><dt>{t('credit.ui.termAndMethod')}</dt><dd>{t('credit.ui.months', { n: String(c.termMonths) })} · {t(`credit.method.${c.method}`)} · {c.startDate} — {c.maturityDate}</dd></div>
      <div><dt>{t('disburse.contract')}</dt><dd className="mono">{c.no}</dd></div>
    </dl>
  );
}

/** The evidence behind the payout: the decision, the documents, the face-to-face and the e-signature (with the video's). */
export function DisburseEvidence({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const when = (iso: string) => showDateTime(iso);
  const approval = app.investigation
    ? t('disburse.evidence.investigated', { who: `${app.investigation.byName}（${app.investigation.by}）` })
    : t(`credit.outcome.${app.decision?.outcome ?? 'approve'}`);
  return (
    <section className="disburse-evidence" aria-label={t('disburse.evidence.title')}>
      <h3>{t('disburse.evidence.title')}</h3>
      <ul data-testid="disburse-evidence">
        <li>✓ {t('disburse.evidence.decision', { outcome: approval, version: String(app.decision?.ruleSetVersion ?? '—') })}</li>
        <li>✓ {t('disburse.evidence.documents', { n: String(app.collectedData.length) })}</li>
        {app.faceSign && <li>✓ {t('disburse.evidence.faceSign', { who: `${app.faceSign.byName}（${app.faceSign.by}）`, at: when(app.faceSign.at) })}</li>}
        {app.eSign && <li>✓ {t('disburse.evidence.eSign', { signer: app.eSign.signer, digest: app.eSign.contractDigest.slice(7, 19), at: when(app.eSign.at) })}</li>}
        {app.eSign?.video && (
          <li data-testid="disburse-video-evidence">
            ✓ {t('disburse.evidence.videoSign', {
              signature: app.eSign.video.signatureDigest.slice(7, 19),
              recording: app.eSign.video.recordingDigest ? `${app.eSign.video.recordingDigest.slice(7, 19)}…` : '—',
            })}
          </li>
        )}
      </ul>
    </section>
  );
}

import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoRoomView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';

/**
 * A head-office video room as the desk hands it out: the customer's one-time link as a QR code for the phone, as text,
 * and by SMS (head office texts a fresh link to the phone on file), and the customer manager's session window — for
 * 视频面签 and 视频防伪调查 alike (`testId` names their elements apart; `children` is the panel's own next step).
 */
export function VideoRoomLinks({ applicationId, room, testId, qrLine, openManager, children }: {
  applicationId: string;
  room: VideoRoomView;
  testId: 'video' | 'investigation';
  qrLine: (time: string) => string;
  openManager: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [sms, setSms] = useState<{ text: string; error: boolean } | null>(null);
  const sendSms = () => {
    setSms({ text: t('credit.ui.video.smsSending'), error: false });
    api.call('loans.videoSmsLink', { id: applicationId, purpose: testId === 'video' ? 'face-sign' : 'investigation' }).then(
      ({ sentTo, expiresAt }) => setSms({ text: t('credit.ui.video.smsSent', { phone: sentTo, time: showDateTime(expiresAt) }), error: false }),
      (e: unknown) => setSms({ text: errorText(e, t), error: true }),
    );
  };
  return (
    <>
      <img alt={t('credit.ui.video.customerLink')} data-testid={`${testId}-qr`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(room.qrSvg)}`} width={200} height={200} />
      <p className="muted">{qrLine(showDateTime(room.expiresAt))}</p>
      <p>
        {t('credit.ui.video.customerLink')}: <input readOnly value={room.customerUrl} data-testid={`${testId}-customer-link`} size={40} onFocus={(e) => e.target.select()} />
        {' '}<button type="button" className="button" data-testid={`${testId}-sms`} onClick={sendSms}>{t('credit.ui.video.sms')}</button>
      </p>
      {sms && <p role={sms.error ? 'alert' : 'status'} className={sms.error ? 'notice notice-error' : 'muted'} data-testid={`${testId}-sms-result`}>{sms.text}</p>}
      <div className="editor-actions">
        <a className="button" href={room.managerUrl} target="_blank" rel="noreferrer noopener" data-testid={`${testId}-manager-link`}>{openManager}</a>
        {children}
      </div>
    </>
  );
}

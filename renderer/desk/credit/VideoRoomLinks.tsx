import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoRoomView } from '../../../main/core/credit/credit.contract';
import { showDateTime } from '../../format/time';

/**
 * A head-office video room as the desk hands it out: the customer's one-time link as a QR code for the phone and as
 * text, and the customer manager's session window — for 视频面签 and 视频防伪调查 alike (`testId` names their elements
 * apart; `children` is the panel's own next step).
 */
export function VideoRoomLinks({ room, testId, qrLine, openManager, children }: {
  room: VideoRoomView;
  testId: 'video' | 'investigation';
  qrLine: (time: string) => string;
  openManager: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <img alt={t('credit.ui.video.customerLink')} data-testid={`${testId}-qr`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(room.qrSvg)}`} width={200} height={200} />
      <p className="muted">{qrLine(showDateTime(room.expiresAt))}</p>
      <p>
        {t('credit.ui.video.customerLink')}: <input readOnly value={room.customerUrl} data-testid={`${testId}-customer-link`} size={40} onFocus={(e) => e.target.select()} />
      </p>
      <div className="editor-actions">
        <a className="button" href={room.managerUrl} target="_blank" rel="noreferrer noopener" data-testid={`${testId}-manager-link`}>{openManager}</a>
        {children}
      </div>
    </>
  );
}

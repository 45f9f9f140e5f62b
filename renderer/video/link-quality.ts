import type { types } from 'mediasoup-client';
import type { LinkView, ReceiverLink } from '../../domain/video/layer-policy';

// What both sides see of the link: the received picture's height (the simulcast layer the SFU forwards), packet
// loss and decoded frames, read from the receiving transport's WebRTC statistics; and the top layer this side sends
// (its encoder lowers it when the CPU cannot keep up), so a low received picture can be told from a weak link.

export interface LinkStats {
  frameHeight: number | null;
  framesDecoded: number;
  lossPercent: number;
  audioOnly: boolean;
  /** Voice packets received so far: they keep coming while the video is paused. */
  audioPackets: number;
  /** Height of the highest simulcast layer this side is sending, null when it sends no video. */
  sentHeight: number | null;
}

export async function readLinkStats(recv: types.Transport, send?: types.Transport): Promise<LinkStats> {
  const report = await recv.getStats();
  let sentHeight: number | null = null;
  (await send?.getStats())?.forEach((s: Record<string, unknown>) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video' && typeof s.frameHeight === 'number') sentHeight = Math.max(sentHeight ?? 0, s.frameHeight);
  });
  let frameHeight: number | null = null;
  let framesDecoded = 0;
  let received = 0;
  let lost = 0;
  let audio = false;
  let audioPackets = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    received += Number(s.packetsReceived ?? 0);
    lost += Math.max(0, Number(s.packetsLost ?? 0));
    if (s.kind === 'audio') {
      audio = true;
      audioPackets += Number(s.packetsReceived ?? 0);
    }
    if (s.kind === 'video') {
      framesDecoded += Number(s.framesDecoded ?? 0);
      if (typeof s.frameHeight === 'number') frameHeight = Math.max(frameHeight ?? 0, s.frameHeight);
    }
  });
  const total = received + lost;
  return { frameHeight, framesDecoded, lossPercent: total ? Math.round((lost / total) * 100) : 0, audioOnly: audio && !frameHeight, audioPackets, sentHeight };
}

export const GRADE_TEXT: Record<ReceiverLink['grade'], string> = { good: '好 good', fair: '一般 fair', poor: '差 poor' };

/** Before head office has judged the link (the first seconds): this side's own reading of what arrives. */
function localGrade(s: LinkStats): ReceiverLink['grade'] {
  return s.lossPercent >= 10 ? 'poor' : s.lossPercent >= 3 ? 'fair' : 'good';
}

export function gradeOf(s: LinkStats, view: LinkView | null): ReceiverLink['grade'] {
  return view?.receiving?.grade ?? localGrade(s);
}

export function describeLink(s: LinkStats, view: LinkView | null = null): string {
  const picture = view?.receiving?.videoPaused ? '视频已暂停 video paused' : s.frameHeight ? `画面 ${s.frameHeight}p` : s.audioOnly ? '仅语音 audio only' : '等待画面 waiting';
  const sent = s.sentHeight ? ` · 发送 ${s.sentHeight}p` : '';
  const other = view?.sending ? ` · 对方网络 ${GRADE_TEXT[view.sending.grade]}` : '';
  return `网络 ${GRADE_TEXT[gradeOf(s, view)]} · ${picture}${sent} · 丢包 ${s.lossPercent}%${other}`;
}

/** The state a side must be told in words: its video is held back, or the other side's is. Empty when neither. */
export function describePause(view: LinkView | null): string {
  if (view?.receiving?.videoPaused) return '网络较差，视频已暂停，语音继续 (weak link: video paused, audio continues)';
  if (view?.sending?.videoPaused) return '对方网络较差，对方暂时只能听到您的声音 (the other side\'s link is weak: it hears you, video paused)';
  return '';
}

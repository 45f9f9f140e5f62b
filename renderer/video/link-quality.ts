import type { types } from 'mediasoup-client';

// What both sides see of the link: the received picture's height (the simulcast layer the SFU forwards), packet
// loss and decoded frames, read from the receiving transport's WebRTC statistics; and the top layer this side sends
// (its encoder lowers it when the CPU cannot keep up), so a low received picture can be told from a weak link.

export interface LinkStats {
  frameHeight: number | null;
  framesDecoded: number;
  lossPercent: number;
  audioOnly: boolean;
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
  report.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    received += Number(s.packetsReceived ?? 0);
    lost += Math.max(0, Number(s.packetsLost ?? 0));
    if (s.kind === 'audio') audio = true;
    if (s.kind === 'video') {
      framesDecoded += Number(s.framesDecoded ?? 0);
      if (typeof s.frameHeight === 'number') frameHeight = Math.max(frameHeight ?? 0, s.frameHeight);
    }
  });
  const total = received + lost;
  return { frameHeight, framesDecoded, lossPercent: total ? Math.round((lost / total) * 100) : 0, audioOnly: audio && !frameHeight, sentHeight };
}

export function describeLink(s: LinkStats): string {
  const grade = s.lossPercent >= 10 || (s.frameHeight !== null && s.frameHeight < 200) ? '较差 poor' : s.lossPercent >= 3 ? '一般 fair' : '良好 good';
  const picture = s.frameHeight ? `画面 ${s.frameHeight}p` : s.audioOnly ? '仅语音 audio only' : '等待画面 waiting';
  const sent = s.sentHeight ? ` · 发送 ${s.sentHeight}p` : '';
  return `网络 ${grade} · ${picture}${sent} · 丢包 ${s.lossPercent}%`;
}

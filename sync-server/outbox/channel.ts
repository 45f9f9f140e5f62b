/**
 * How head office reaches a person: a channel delivers one text message to one recipient. The outbox
 * (outbox.ts) decides when and whether (quiet hours, opt-out, retries); a channel only delivers.
 * Channels here: WeCom (企业微信 — how the bank messages staff and, through 客户联系, customers), a file/console
 * channel for development and tests. SMS would be one more implementation of the same interface.
 */
export type Recipient =
  /** A member of the bank's WeCom (staff), by WeCom userid. */
  | { kind: 'wecom-user'; userId: string }
  /** A customer added as a WeCom external contact, messaged on behalf of the staff member `sender` (客户联系). */
  | { kind: 'wecom-external'; externalUserId: string; sender: string }
  | { kind: 'phone'; number: string };

export const recipientKey = (to: Recipient): string =>
  to.kind === 'wecom-user' ? `wecom:${to.userId}` : to.kind === 'wecom-external' ? `wecom-ext:${to.externalUserId}` : `phone:${to.number}`;

export interface OutgoingMessage {
  id: string;
  to: Recipient;
  text: string;
}

export type SendResult = { ok: true; providerId: string | null } | { ok: false; retry: boolean; error: string };

export interface MessageChannel {
  readonly name: string;
  accepts(to: Recipient): boolean;
  send(msg: OutgoingMessage): Promise<SendResult>;
}

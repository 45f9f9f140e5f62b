import { z } from 'zod';
import { method } from '../api/method';
import type { AuditBreak } from './verify';

/** A sentence a person can read, in both languages of the UI. */
export type Bilingual = { 'zh-CN': string; en: string };

/** One break in the trail, with its i18n key and parameters for screens and the rendered sentences for everyone else. */
export interface AuditBreakView extends AuditBreak {
  messageKey: string;
  params: Record<string, string | number>;
  message: Bilingual;
}

export interface AuditDeviceView {
  device: string;
  /** The chain of the device answering; MACs are checked only there. */
  thisDevice: boolean;
  entries: number;
  lastSeq: number;
  /** First entry signed with the device key (earlier ones are the legacy, hash-only part); null for other devices. */
  keyedFrom: number | null;
  /** Highest entry whose anchor at head office the chain still matches with nothing broken before it. */
  anchoredThrough: number | null;
  /** First broken entry, or null. */
  brokenAt: number | null;
  breaks: AuditBreakView[];
}

export interface AuditVerification {
  ok: boolean;
  checkedAt: string;
  /** Whether the anchors held by head office itself were read, or only those replicated to this device. */
  headOffice: 'checked' | 'unreachable' | 'not-configured';
  devices: AuditDeviceView[];
  /** The history table the screens read, checked row by row against the chain. */
  index: { rows: number; breaks: AuditBreakView[] };
  summary: Bilingual;
}

export const auditContract = {
  'audit.verify': method<AuditVerification>()(z.object({}), 'audit.read'),
  /** Starts a new audit key on this device from the next entry on (a lost or suspected key); recorded in the chain. */
  'audit.rotateKey': method<{ keyId: string; fromSeq: number }>()(z.object({}), 'device.manage'),
};

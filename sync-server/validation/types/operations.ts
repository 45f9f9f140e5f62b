import { z } from 'zod';
import { docMeta, isoUtc, required, text } from './common';

const transferSide = z.looseObject({ docs: z.int().min(0), bytes: z.int().min(0) });

/** The branch head's end-of-day sync record. */
export const syncReportDoc = z.looseObject({
  ...docMeta,
  type: z.literal('sync-report'),
  branch: required(16),
  device: required(80),
  runBy: required(40),
  startedAt: isoUtc,
  finishedAt: isoUtc,
  status: z.enum(['complete', 'failed']),
  up: transferSide,
  down: transferSide,
});

/** A scanned ID card or licence with the teller's verdict; the images travel as attachments. */
export const documentDoc = z.looseObject({
  ...docMeta,
  type: z.literal('document'),
  branch: required(16),
  customerId: z.string().startsWith('customer:'),
  kind: required(20),
  verdict: z.enum(['accepted', 'corrected', 'rejected']),
  reason: text(500).optional(),
  fields: z.looseObject({}),
  createdAt: isoUtc,
  createdBy: required(40),
});

export const DEVICE_ROLES = ['desk', 'kiosk', 'hall', 'browser'] as const;
export const UPDATE_STATES = ['idle', 'downloading', 'downloaded', 'installed', 'failed'] as const;

/**
 * A device's own report for head office IT (written by the device, one document per device, replaced on every
 * report): app version, update channel and state, last sync, OS. It states nothing about customers or money and
 * grants nothing — head office only reads it to see which devices are out of date, failing or silent.
 */
export const deviceReportDoc = z
  .looseObject({
    ...docMeta,
    _id: z.string().regex(/^device-report:[A-Za-z0-9._-]{1,80}$/),
    type: z.literal('device-report'),
    branch: required(16),
    device: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/),
    role: z.enum(DEVICE_ROLES),
    appVersion: required(40),
    channel: text(20).nullable(),
    update: z.looseObject({ state: z.enum(UPDATE_STATES), version: text(40).nullable(), reason: text(500).nullable(), at: isoUtc.nullable() }),
    lastSyncAt: isoUtc.nullable(),
    os: z.looseObject({ platform: required(20), release: text(80), arch: text(20) }),
    reportedAt: isoUtc,
  })
  .refine((d) => d._id === `device-report:${d.device}`, { path: ['_id'], message: '编号须为 device-report:<设备> (id must be device-report:<device>)' });

import { z } from 'zod';
import { docMeta, isoUtc, required } from './common';

/** Tickets reach head office for statistics; the id carries the day and number so numbers never repeat. */
export const queueTicketDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^queue-ticket:\d{4}-\d{2}-\d{2}:[A-Z]{1,3}\d{1,6}$/),
  type: z.literal('queue-ticket'),
  day: z.iso.date(),
  number: required(8),
  service: required(40),
  state: required(20),
  issuedAt: isoUtc,
  visits: z.array(z.looseObject({})),
  events: z.array(z.looseObject({})),
});

export const queueCounterDoc = z.looseObject({
  ...docMeta,
  type: z.literal('queue-counter'),
  no: z.int().min(1).max(99),
  day: z.iso.date(),
  paused: z.boolean(),
  updatedAt: isoUtc,
});

export const queueConfigDoc = z.looseObject({
  ...docMeta,
  type: z.literal('queue-config'),
  services: z.array(z.looseObject({})).min(1),
  updatedAt: isoUtc,
});

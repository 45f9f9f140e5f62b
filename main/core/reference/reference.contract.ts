import { z } from 'zod';
import { isIsoDate } from '../../../domain/credit/dates';
import { lprFixingSchema, type LprFixing } from '../../../domain/credit/lpr';
import { MARKETING_AUDIENCES, type MarketingAudience } from '../../../domain/queue/marketing';
import { method } from '../api/method';

const rev = z.string().min(3).max(80);
const isoDay = z.string().refine(isIsoDate, '日期须为 YYYY-MM-DD');
const notes = z.string().trim().min(2, '修改说明至少2个字').max(500);

export interface LprView {
  version: number;
  fixings: readonly LprFixing[];
  publishedAt: string;
  publishedBy: string;
  publishedByName: string | null;
  notes: string | null;
}

/** What head office types for a marketing item; the `reference` document adds its id and type. */
export const marketingItemInput = z.object({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(2000),
  tag: z.string().trim().max(20).optional(),
  audience: z.enum(MARKETING_AUDIENCES),
  validFrom: isoDay.optional(),
  validTo: isoDay.optional(),
}).refine((i) => !i.validFrom || !i.validTo || i.validFrom <= i.validTo, { message: '有效期止不能早于有效期起', path: ['validTo'] });

export interface MarketingRow {
  id: string;
  rev: string;
  title: string;
  body: string;
  tag: string | null;
  audience: MarketingAudience;
  validFrom: string | null;
  validTo: string | null;
  /** validTo has passed: the item no longer shows anywhere (retired items stay listed, their history with them). */
  ended: boolean;
}

/**
 * Head office's reference data besides the rule sets: the LPR table and the kiosk's marketing items, both in the
 * `reference` database that branches replicate read-only. Publishing needs `rules.publish`, as the rule sets do.
 */
export const referenceContract = {
  'reference.lpr': method<LprView>()(z.object({}), 'rules.publish'),
  'reference.publishLpr': method<LprView>()(
    z.object({ baseVersion: z.number().int().min(1), fixing: lprFixingSchema, notes }),
    'rules.publish',
  ),
  'reference.marketing': method<MarketingRow[]>()(z.object({}), 'rules.publish'),
  'reference.saveMarketing': method<MarketingRow>()(
    z.object({ id: z.string().startsWith('marketing:').max(80).optional(), rev: rev.optional(), item: marketingItemInput }),
    'rules.publish',
  ),
  'reference.retireMarketing': method<MarketingRow>()(z.object({ id: z.string().startsWith('marketing:').max(80), rev }), 'rules.publish'),
};

export interface ReferenceEvents {
  'reference.lprPublished': { version: number };
}

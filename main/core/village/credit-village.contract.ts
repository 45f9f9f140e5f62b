import { z } from 'zod';
import type { CreditVillageCounts, CreditVillageStatus } from '../../../domain/village/credit-village';
import { method } from '../api/method';

export interface CreditVillageView extends CreditVillageCounts, CreditVillageStatus {
  village: string;
  /** For the certificate. */
  branchName: string;
  /** The day the figures are for (YYYY-MM-DD): lines expired before it are not counted. */
  asOf: string;
}

export const creditVillageContract = {
  /** 信用村: the village's figures against head office's published criteria, computed from the branch's documents now. */
  'village.creditVillage': method<CreditVillageView>()(z.object({ village: z.string().trim().min(1).max(60) }), 'customer.read'),
};

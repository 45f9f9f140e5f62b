import { z } from 'zod';
import type { DashboardFigures, VillageRow } from '../../../domain/village/dashboard';
import { method } from '../api/method';

export interface CreditLineRow {
  householdId: string;
  headName: string;
  group: string;
  limitFen: number;
  rateBp: number;
  termMonths: number;
  expiresOn: string;
  issuedAt: string;
  /** 签约: when the household signed (self-service page or branch), null before. */
  signedAt: string | null;
  signedVia: 'qr' | 'branch' | null;
  /** 用信: every drawdown head office recorded, and their sum. */
  drawnFen: number;
  drawdowns: { amountFen: number; requestedAt: string; status: 'requested'; channel: 'qr' | 'branch' }[];
}

export interface CreditLinesView {
  village: string;
  lines: CreditLineRow[];
  /** Documents of these types in the store without head office's valid signature: not shown, counted. */
  untrusted: number;
  /** The village marketing QR code: the self-service page's address and the code as SVG (null: no page configured). */
  selfService: { url: string; qrSvg: string } | null;
}

export interface VillageDashboardView {
  /** The day the figures are for (YYYY-MM-DD): lines expired before it are not counted. */
  asOf: string;
  branch: DashboardFigures;
  villages: VillageRow[];
  /** Lines or drawdowns in the store without head office's valid signature: not counted. */
  untrusted: number;
}

export const creditLinesContract = {
  /** 整村授信 dashboard: per village and for the branch, households filed → reviewed → approved → granted → signed → drawn. */
  'village.dashboard': method<VillageDashboardView>()(z.object({}), 'dashboard.read'),
  /** 授信 → 签约 → 用信 of a village, from head office's signed credit lines and drawdowns as synced to the branch. */
  'village.creditLines': method<CreditLinesView>()(z.object({ village: z.string().trim().min(1).max(60) }), 'customer.read'),
};

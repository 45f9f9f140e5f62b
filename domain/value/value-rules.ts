import { z } from 'zod';

/**
 * 精微甄选 — tier and points rules, versioned by head office like the credit rule sets: every tier decision and
 * every points accrual carries the version it was made under, so a statement can always say which rules applied.
 * Pure: no I/O. Money is integer fen; multipliers are basis points (10000 = ×1).
 */
export const TIER_CODES = ['standard', 'silver', 'gold', 'platinum', 'diamond'] as const;
export type TierCode = (typeof TIER_CODES)[number];

export const TIER_NAMES: Record<TierCode, string> = { standard: '普通客户', silver: '银卡客户', gold: '金卡客户', platinum: '白金客户', diamond: '钻石客户' };

export const RIGHT_CODES = ['vip-queue', 'fee-waiver', 'birthday-gift', 'dedicated-manager', 'airport-lounge'] as const;
export type RightCode = (typeof RIGHT_CODES)[number];
export const RIGHT_NAMES: Record<RightCode, string> = {
  'vip-queue': '贵宾优先叫号',
  'fee-waiver': '转账汇款手续费减免',
  'birthday-gift': '生日礼遇',
  'dedicated-manager': '专属客户经理',
  'airport-lounge': '机场贵宾厅',
};

const tierRuleSchema = z.object({
  code: z.enum(TIER_CODES),
  /** Lowest average daily deposit balance (all deposits, fen) of the tier. */
  minAverageFen: z.int().min(0),
  /** Points multiplier of the tier, basis points. */
  pointsMultiplierBp: z.int().min(0).max(100_000),
  rights: z.array(z.enum(RIGHT_CODES)).max(RIGHT_CODES.length),
});

export const valueRulesSchema = z
  .object({
    version: z.int().min(1),
    /** Days of end-of-day balances the tier average looks back over (those the ledger holds). */
    tierWindowDays: z.int().min(1).max(366),
    /** One point per this many fen of last month's average daily demand-deposit balance. */
    fenPerPoint: z.int().min(1),
    /** Points not spent this many months after the month they were accrued for expire. */
    expiryMonths: z.int().min(1).max(120),
    /** Days a voucher can be redeemed after it is issued. */
    voucherValidDays: z.int().min(1).max(366),
    tiers: z.array(tierRuleSchema).min(1),
    notes: z.string().max(500).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.tiers[0]!.minAverageFen !== 0) ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'minAverageFen'], message: '最低一档的起点应为 0（每位客户都有等级）' });
    for (let i = 1; i < r.tiers.length; i++) {
      if (r.tiers[i]!.minAverageFen <= r.tiers[i - 1]!.minAverageFen) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'minAverageFen'], message: '各档起点应逐档升高' });
      }
    }
    if (new Set(r.tiers.map((t) => t.code)).size !== r.tiers.length) ctx.addIssue({ code: 'custom', path: ['tiers'], message: '等级不能重复' });
  });
export type ValueRules = z.infer<typeof valueRulesSchema>;
export type TierRule = ValueRules['tiers'][number];

const WAN = 1_000_000; // 1万元 in fen

/** Version 1, the defaults a new install starts with (head office publishes the next versions). */
export const DEFAULT_VALUE_RULES: ValueRules = {
  version: 1,
  tierWindowDays: 30,
  fenPerPoint: 10_000,
  expiryMonths: 24,
  voucherValidDays: 90,
  tiers: [
    { code: 'standard', minAverageFen: 0, pointsMultiplierBp: 10_000, rights: [] },
    { code: 'silver', minAverageFen: 5 * WAN, pointsMultiplierBp: 11_000, rights: ['fee-waiver'] },
    { code: 'gold', minAverageFen: 20 * WAN, pointsMultiplierBp: 12_000, rights: ['vip-queue', 'fee-waiver', 'birthday-gift'] },
    { code: 'platinum', minAverageFen: 50 * WAN, pointsMultiplierBp: 15_000, rights: ['vip-queue', 'fee-waiver', 'birthday-gift', 'dedicated-manager'] },
    { code: 'diamond', minAverageFen: 200 * WAN, pointsMultiplierBp: 20_000, rights: ['vip-queue', 'fee-waiver', 'birthday-gift', 'dedicated-manager', 'airport-lounge'] },
  ],
};

/** The tier an average daily balance reaches: the highest whose threshold it meets. */
export function tierFor(rules: ValueRules, averageFen: number): TierRule {
  let found = rules.tiers[0]!;
  for (const t of rules.tiers) if (averageFen >= t.minAverageFen) found = t;
  return found;
}

/** Points of a month: whole points only, rounded down (a fraction of a point is never owed). */
export function monthlyPoints(rules: ValueRules, averageDemandFen: number, tier: TierRule): number {
  if (averageDemandFen <= 0) return 0;
  return Math.floor((averageDemandFen * tier.pointsMultiplierBp) / (10_000 * rules.fenPerPoint));
}

export const isVip = (tier: TierRule): boolean => tier.rights.includes('vip-queue');

/** A points amount typed by a person or sent by a partner: a whole number of points above zero. */
export const pointsAmountSchema = z
  .number({ error: '积分应为数字' })
  .refine((n) => Number.isInteger(n), '积分应为整数，不能有小数')
  .refine((n) => n > 0, '积分应大于 0')
  .refine((n) => n <= 100_000_000, '积分过大');

/**
 * The synced document of a customer's tier and points (head office writes it; type `customer-value`), keyed by a
 * hash of the ID number so the id itself names no one. `node:crypto`-free: the caller passes its SHA-256.
 */
export const customerValueDocId = (sha256Hex: (s: string) => string, idNumber: string) => `customer-value:${sha256Hex(`jingwei-customer-value:${idNumber}`).slice(0, 32)}`;

/** Where a marketing item from head office shows: the kiosk between tickets, the teller's desk, or both. */
export const MARKETING_AUDIENCES = ['kiosk', 'desk', 'all'] as const;
export type MarketingAudience = (typeof MARKETING_AUDIENCES)[number];

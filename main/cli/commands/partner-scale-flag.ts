import { z } from 'zod';
import type { Core } from '../../core/core';
import type { DemoHeadOfficeServer } from '../../demo/head-office';
import { DEMO_PASSWORD } from '../../demo/seed';

/** `--partner-scale seed` of `jingwei demo`. */
export const partnerScaleSchema = z.enum(['seed'], { error: '--partner-scale 只能为 seed  --partner-scale takes seed' }).optional();

export const PARTNER_SCALE_USAGE = [
  '  --partner-scale seed  精微易享演示数据按种子规模生成：180个村的村干部、26个批发市场的管理员与商户共5,882位合伙人经登记接口登记，',
  '                  推荐客户经推荐码申请贷款，总行贷款台账放款后由佣金对账单统计合伙人与有效合伙人（种子：5,882 / 2,319）',
  '                  partners at the seed\'s scale: 5,882 village officials, market managers and merchants enrolled through the',
  '                  enrolment API, their referrals apply with the code, head office\'s loan feed lends; the commission statement counts them',
].join('\n');

/** Loaded only when asked for; once per data folder (a second start finds the partners and changes nothing). */
export async function seedPartnerScaleDemo(core: Core, headOffice: DemoHeadOfficeServer, ledgerDir: string): Promise<void> {
  const { seedPartnerScale } = await import('../../demo/partner-scale');
  const started = Date.now();
  const res = await seedPartnerScale(core, { headOffice: headOffice.headOfficeFor(core), feedPublisher: headOffice.feedPublisher, ledgerDir, password: DEMO_PASSWORD, log: console.log });
  if (res.seeded) console.log(`已写入精微易享种子规模演示数据 Partner seed-scale demo data seeded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

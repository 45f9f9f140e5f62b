import { z } from 'zod';
import type { Core } from '../../core/core';
import type { DemoHeadOffice } from '../../demo/demo-trust';
import { DEMO_PASSWORD } from '../../demo/seed';

/** `--village-scale seed` of `jingwei demo` and `jingwei branch --seed-demo`. */
export const villageScaleSchema = z.enum(['seed'], { error: '--village-scale 只能为 seed  --village-scale takes seed' }).optional();

export const VILLAGE_SCALE_USAGE = [
  '  --village-scale seed  整村授信演示数据按种子规模生成：8个村19,584户花名册经导入接口建档，总行授信3,114户3.74亿、签约3,001户、',
  '                  用信1,046户7,540.67万，看板据此计算  whole-village credit at the seed\'s scale: 19,584 households imported',
  '                  through the import API, head office\'s 3,114 lines, 3,001 signed, 1,046 drawn; the dashboard adds them up',
].join('\n');

/** Loaded only when asked for: the list generator and its Excel writer are not part of a branch's start. */
export async function seedVillageScaleDemo(core: Core, headOffice: DemoHeadOffice): Promise<void> {
  const { seedVillageScale } = await import('../../demo/village-scale');
  const { seeded } = await seedVillageScale(core, { headOffice, password: DEMO_PASSWORD, log: console.log });
  if (seeded) console.log('已写入整村授信种子规模演示数据 Village credit seed-scale demo data seeded');
}

import type { Lang } from '../translate';
import { common } from './common';
import { customers } from './customers';
import { shell } from './shell';
import { validation } from './validation';

/** One file per area keeps each team's strings together; each exports `{ 'zh-CN': {...}, en: {...} }`. */
export type AreaMessages = Record<Lang, Record<string, string>>;

const areas: AreaMessages[] = [common, validation, customers, shell];

export const messages: AreaMessages = {
  'zh-CN': Object.assign({}, ...areas.map((a) => a['zh-CN'])),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

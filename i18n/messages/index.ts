import type { Lang } from '../translate';
import { audit } from './audit';
import { common } from './common';
import { credit } from './credit';
import { customers } from './customers';
import { devices } from './devices';
import { desk } from './desk';
import { documents } from './documents';
import { fields } from './fields';
import { it } from './it';
import { marketing } from './marketing';
import { queue } from './queue';
import { reference } from './reference';
import { report } from './report';
import { risk } from './risk';
import { value } from './value';
import { valueDashboard } from './value-dashboard';
import { shell } from './shell';
import { staff } from './staff';
import { sync } from './sync';
import { validation } from './validation';
import { village } from './village';

/** One file per area keeps each team's strings together; each exports `{ 'zh-CN': {...}, en: {...} }`. */
export type AreaMessages = Record<Lang, Record<string, string>>;

const areas: AreaMessages[] = [common, validation, customers, fields, shell, desk, credit, queue, sync, documents, village, audit, risk, staff, devices, value, report, it, reference, marketing, valueDashboard];

export const messages: AreaMessages = {
  'zh-CN': Object.assign({}, ...areas.map((a) => a['zh-CN'])),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

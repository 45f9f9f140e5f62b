import { lazy, type ComponentType } from 'react';
import type { Permission } from '../../domain/staff/roles';
import type { SessionView } from '../../main/core/session/session.contract';
import { CustomersScreen } from './customers/CustomersScreen';
import { ConflictsScreen } from './sync/ConflictsScreen';
import { EndOfDayScreen } from './sync/EndOfDayScreen';
import { QueueCounterScreen } from './queue/QueueCounterScreen';
import { InvestigationScreen } from './credit/InvestigationScreen';
import { LoansScreen } from './credit/LoansScreen';
import { RulesScreen } from './credit/RulesScreen';
import { ReferenceScreen } from './credit/reference/ReferenceScreen';
import { VillageImportScreen } from './village/VillageImportScreen';
import { VillageReviewScreen } from './village/VillageReviewScreen';
import { VillageDashboardScreen } from './village/VillageDashboardScreen';
import { RiskScreen } from './risk/RiskScreen';
import { StaffScreen } from './staff/StaffScreen';
import { DevicesScreen } from './devices/DevicesScreen';
import { AuditScreen } from './audit/AuditScreen';
import { PartnersScreen } from './value/PartnersScreen';

export interface ScreenProps {
  session: SessionView;
  /** Path segments after the screen's own id, e.g. the open customer's id. */
  path: string[];
  navigate(path: string[]): void;
  /** True while the shell shows an overlay (help), so screens pause their shortcuts. */
  covered: boolean;
}

export interface NavItem {
  id: string;
  labelKey: string;
  /** Shown only to staff whose roles grant it; the core checks again on every call. */
  permission: Permission;
  Screen: ComponentType<ScreenProps>;
}

// The chart screens carry echarts (most of the desk's code): loaded when first opened, not at every login.
const QueueStatsScreen = lazy(() => import('./queue/QueueStatsScreen').then((m) => ({ default: m.QueueStatsScreen })));
const RiskDashboardScreen = lazy(() => import('./risk/RiskDashboardScreen').then((m) => ({ default: m.RiskDashboardScreen })));
const CreditDashboardScreen = lazy(() => import('./credit/CreditDashboardScreen').then((m) => ({ default: m.CreditDashboardScreen })));
const MarketingScreen = lazy(() => import('./value/MarketingScreen').then((m) => ({ default: m.MarketingScreen })));
const ValueDashboardScreen = lazy(() => import('./value/ValueDashboardScreen').then((m) => ({ default: m.ValueDashboardScreen })));
const PartnerEnrolScreen = lazy(() => import('./value/PartnerEnrolScreen').then((m) => ({ default: m.PartnerEnrolScreen })));

/** The left navigation. Each area adds one entry for a screen that works; nothing is listed before it exists. */
export const NAV_ITEMS: NavItem[] = [
  { id: 'customers', labelKey: 'desk.nav.customers', permission: 'customer.read', Screen: CustomersScreen },
  { id: 'queue', labelKey: 'desk.nav.queue', permission: 'queue.call', Screen: QueueCounterScreen },
  { id: 'queue-stats', labelKey: 'desk.nav.queueStats', permission: 'queue.stats', Screen: QueueStatsScreen },
  { id: 'end-of-day', labelKey: 'desk.nav.endOfDay', permission: 'sync.run', Screen: EndOfDayScreen },
  { id: 'conflicts', labelKey: 'desk.nav.conflicts', permission: 'conflict.resolve', Screen: ConflictsScreen },
  { id: 'loans', labelKey: 'credit.ui.nav.loans', permission: 'loan.read', Screen: LoansScreen },
  { id: 'investigations', labelKey: 'credit.ui.nav.investigations', permission: 'loan.approve', Screen: InvestigationScreen },
  { id: 'village', labelKey: 'village.ui.nav', permission: 'village.write', Screen: VillageImportScreen },
  { id: 'village-review', labelKey: 'village.review.nav', permission: 'village.write', Screen: VillageReviewScreen },
  { id: 'credit-dashboard', labelKey: 'credit.ui.nav.dashboard', permission: 'dashboard.read', Screen: CreditDashboardScreen },
  { id: 'rules', labelKey: 'credit.ui.nav.rules', permission: 'rules.edit', Screen: RulesScreen },
  { id: 'rules-publish', labelKey: 'credit.ui.nav.rulesPublish', permission: 'rules.publish', Screen: RulesScreen },
  { id: 'risk', labelKey: 'risk.nav', permission: 'risk.read', Screen: RiskScreen },
  { id: 'partners', labelKey: 'value.partners.nav', permission: 'dashboard.read', Screen: PartnersScreen },
  { id: 'staff', labelKey: 'staffUi.nav', permission: 'staff.read', Screen: StaffScreen },
  { id: 'devices', labelKey: 'devices.nav', permission: 'device.manage', Screen: DevicesScreen },
  { id: 'audit', labelKey: 'audit.ui.nav', permission: 'audit.read', Screen: AuditScreen },
  // Newest last, so the Alt+number of every screen before them stays as staff learnt it.
  { id: 'village-dashboard', labelKey: 'village.dashboard.nav', permission: 'dashboard.read', Screen: VillageDashboardScreen },
  { id: 'reference', labelKey: 'reference.nav', permission: 'rules.publish', Screen: ReferenceScreen },
  { id: 'risk-dashboard', labelKey: 'risk.dash.nav', permission: 'risk.read', Screen: RiskDashboardScreen },
  { id: 'marketing', labelKey: 'marketing.nav', permission: 'marketing.work', Screen: MarketingScreen },
  { id: 'value-dashboard', labelKey: 'valueDash.nav', permission: 'dashboard.read', Screen: ValueDashboardScreen },
  { id: 'partner-enrol', labelKey: 'value.enrol.nav', permission: 'marketing.work', Screen: PartnerEnrolScreen },
];

import { join } from 'node:path';
import { customerQueries } from '../../db/queries/customers';
import type { Contract } from './api/contract';
import type { Handlers } from './api/handlers';
import { auditHandlers } from './audit/audit.handlers';
import { creditArea } from './credit/credit.area';
import type { MediaServerConfig } from './credit/media-client';
import { accountReader } from './customers/accounts';
import { customerHandlers } from './customers/customers.service';
import { devicesHandlers } from './devices/devices.handlers';
import { documentsArea } from './documents/documents.area';
import { counterAuthOf, withCounterLink } from './queue/counter-wiring';
import { queueArea } from './queue/queue.area';
import { remoteQueue, type QueueHostConfig } from './queue/queue-remote';
import type { VerifiedVip } from './queue/vip';
import { referenceArea } from './reference/reference.area';
import { riskHandlers } from './risk/risk.service';
import type { DeviceSecrets } from './secrets/device-secrets';
import type { ServiceDeps } from './service-deps';
import { LoginThrottle } from './session/login-throttle';
import type { SystemInfo } from './session/session.contract';
import { sessionHandlers } from './session/session.service';
import type { Sessions } from './session/sessions';
import { trustedStaffReader, type TrustedStaffReader } from './session/trusted-staff';
import { staffArea } from './staff/staff.area';
import type { SyncService } from './sync/sync-service';
import { syncHandlers } from './sync/sync.handlers';
import { customerValueReader, type CustomerValueReader } from './value/customer-value';
import { marketingHandlers } from './value/marketing.handlers';
import { partnersHandlers } from './value/partners.handlers';
import { valueDashboardHandlers } from './value/value-dashboard.handlers';
import { watchValueChanges } from './value/value-changes';
import { verifiedVipFromList } from './value/vip-at-kiosk';
import { creditLineHandlers } from './village/credit-lines.service';
import { SIGNATURE_VERDICT_KEY } from './village/signed-docs';
import { householdPhotoHandlers } from './village/household-photos.service';
import { villageReviewHandlers } from './village/village-review.service';
import { villageHandlers } from './village/village.service';

type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

/** What createCore (core.ts) opened that the branch's services are built over. */
export interface CoreParts extends Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'events' | 'trust' | 'clock' | 'reference'> {
  /** Branch, device, names and time zone as `system.info` shows them. */
  info: SystemInfo;
  dataDir: string;
  secrets: DeviceSecrets;
  sessions: Sessions;
  /** Null without a configured head office. */
  sync: SyncService | null;
  log: Log;
  /** A counter PC's queue device (core.ts, CoreOptions.queueHost); every queue method goes there. */
  queueHost: QueueHostConfig | undefined;
  verifiedVip: VerifiedVip | undefined;
  villageSelfServiceUrl: string | undefined;
  mediaServer: MediaServerConfig | undefined;
}

/** Every method of the one contract, and how to stop the watches and workers behind them. */
export interface BranchHandlers {
  handlers: Handlers<Contract>;
  close(): Promise<void>;
}

/** Who may log in and how a password is checked again: from staff records head office signed. */
function staffAuth(c: CoreParts) {
  const staff = trustedStaffReader({ pouch: c.pouch, trust: c.trust, branch: c.info.branch });
  const auth = { staff, throttle: new LoginThrottle(() => c.clock().getTime()), hasTrustRoot: c.trust !== null, log: c.log };
  return { staff, auth };
}

/** Scripts are signed with the staff member's name as head office signed it; none for anyone else. */
function signedStaffName(staff: TrustedStaffReader) {
  return async (staffNo: string): Promise<string | null> => {
    const s = await staff.load(staffNo);
    return s.status === 'trusted' ? s.record.name : null;
  };
}

function nextBestOffer(customerValue: CustomerValueReader) {
  return async (idNumber: string) => (await customerValue(idNumber))?.offer ?? null;
}

/** Builds every area's handlers over the parts createCore opened; the order of the areas is the order they override in. */
export function branchHandlers(c: CoreParts): BranchHandlers {
  const { pouch, sql, audit, writes, events, trust, clock, reference, sessions, log } = c;
  const { branch, branchName, device, timeZone } = c.info;
  const { staff: staffReader, auth } = staffAuth(c);
  const documents = documentsArea({ pouch, audit, writes, events, branch, clock, ocrCacheDir: join(c.dataDir, 'ocr-cache') });
  const accounts = accountReader({ pouch, sql, trust, branch });
  const customerValue = customerValueReader({ pouch, trust, branch });
  const staff = staffArea({ pouch, audit, writes, events, branch, trust, staff: staffReader, auth, sessions });
  const valueChanges = watchValueChanges({ pouch, events, branch });
  const verdictKey = c.secrets.key(SIGNATURE_VERDICT_KEY);
  const partners = partnersHandlers({ pouch, sql, trust, branch, audit, writes, timeZone, verdictKey });
  const queueLog = (level: 'warn' | 'error', message: string, detail?: unknown) => log(level, message, detail);
  // A counter PC keeps its own copy of the configuration and statistics; the live queue is on the queue device.
  const queue = queueArea({
    pouch, reference: reference.pouch, audit, writes, events, branch, branchName, timeZone,
    dataDir: c.dataDir, secrets: c.secrets, clock, log: queueLog, watchMarketing: !c.queueHost, verifiedVip: c.verifiedVip ?? verifiedVipFromList({ pouch, trust, branch }),
    counterAuth: counterAuthOf({ auth, sessions }),
  });
  const remote = c.queueHost ? remoteQueue({ host: c.queueHost, events, log: queueLog }) : null;
  const sessionApi = sessionHandlers({ ...auth, sessions, info: c.info });
  const villageCredit = creditLineHandlers({
    pouch, sql, audit, writes, branch, timeZone, branchName, trust, selfServiceUrl: c.villageSelfServiceUrl ?? null, verdictKey,
  });
  const sync = c.sync;

  const handlers: Handlers<Contract> = {
    ...(remote ? withCounterLink(sessionApi, remote, (m, d) => log('warn', m, d)) : sessionApi),
    ...staff.handlers,
    ...customerHandlers({ pouch, audit, writes, events, branch, accounts, value: customerValue }),
    ...auditHandlers({ audit, writes, clock, headOfficeAnchors: sync ? () => sync.headOfficeAnchors() : null, customers: customerQueries(sql), timeZone }),
    ...syncHandlers({ pouch, audit, writes, events, sync }),
    ...creditArea({ pouch, sql, audit, writes, events, branch, branchName, device, reference, accounts, auth, trust, media: c.mediaServer ?? null }),
    ...referenceArea({ pouch, audit, writes, events, reference }),
    ...villageHandlers({ pouch, sql, audit, writes, branch, timeZone }),
    ...householdPhotoHandlers({ pouch, audit, writes, branch }),
    ...villageReviewHandlers({ pouch, sql, audit, writes, branch, timeZone, auth, trust }),
    ...villageCredit.handlers,
    ...documents.handlers,
    ...riskHandlers({
      pouch, audit, writes, branch, timeZone, branchName, ruleSet: async (product) => (await reference.latestRuleSet(product)).ruleSet,
      collectionScripts: () => reference.collectionScripts(), staffName: signedStaffName(staffReader),
    }),
    ...devicesHandlers({ pouch, device }),
    ...partners,
    ...marketingHandlers({ pouch, sql, audit, writes, branch, timeZone, staff: staffReader, offerOf: nextBestOffer(customerValue) }),
    ...valueDashboardHandlers({ pouch, sql, trust, accounts, branch, timeZone, partnerStatement: (ctx) => partners['value.partners']({}, ctx), verdictKey }),
    ...queue.handlers,
    ...remote?.handlers,
  };

  return {
    handlers,
    async close() {
      staff.close();
      valueChanges.close();
      remote?.close();
      queue.close();
      await villageCredit.close();
      await documents.close();
    },
  };
}

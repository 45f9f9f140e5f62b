import { z } from 'zod';
import { method } from '../api/method';
import type { DeviceRole, UpdateState } from './device-report';

/** One device of this branch as its own report says (devices/device-report.ts), with what needs attention. */
export interface DeviceView {
  device: string;
  role: DeviceRole;
  appVersion: string;
  channel: string | null;
  updateState: UpdateState;
  updateVersion: string | null;
  updateReason: string | null;
  lastSyncAt: string | null;
  reportedAt: string;
  os: string;
  /** Behind the newest version another device of the same channel already runs or has downloaded. */
  outOfDate: boolean;
  failing: boolean;
  /** Nothing heard for more than a day. */
  silent: boolean;
  thisDevice: boolean;
}

export const devicesContract = {
  /** 设备: every device of the branch (desk, kiosk, counter PCs) from the reports they sync. */
  'devices.list': method<{ devices: DeviceView[] }>()(z.object({}), 'device.manage'),
};

import { z } from 'zod';
import { method } from '../api/method';
import type { DeviceRowBase } from '../../../domain/devices/device-status';
import type { DeviceRole, UpdateState } from './device-report';

/** One device of this branch as its own report says (devices/device-report.ts), with what needs attention. */
export interface DeviceView extends DeviceRowBase {
  role: DeviceRole;
  updateState: UpdateState;
  thisDevice: boolean;
}

export const devicesContract = {
  /** 设备: every device of the branch (desk, kiosk, counter PCs) from the reports they sync. */
  'devices.list': method<{ devices: DeviceView[] }>()(z.object({}), 'device.manage'),
};

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EnrolmentFailed, redeemEnrolmentCode } from '../../core/devices/enrolment';
import { REVOKED_MARKER } from '../../core/devices/revocation';
import { deviceIdFor } from '../../core/device-id';
import { defaultSecretsDir, openDeviceSecrets } from '../../core/secrets/device-secrets';
import { ensurePrivateDir } from '../../core/secrets/private-files';
import { parseOptions } from '../args';
import type { CliCommand } from '../command';

const schema = z.object({
  data: z.string().min(1),
  remote: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }),
  code: z.string().optional(),
});

export const enrolCommand: CliCommand = {
  usage: [
    'jingwei enrol --data DIR --remote URL   (JINGWEI_ENROL_CODE=设备用户:XXXX-XXXX-…)',
    '',
    '  用科技部发放的一次性注册码注册本设备：本机生成自己的同步密码（仅保存在本机密钥库中），注册码随即失效。',
    '  之后 jingwei branch --remote URL / jingwei sync --remote URL 无需 --user 即用本机凭据同步。',
    '  Enrol this device with IT\'s one-time code (jingwei release enrol): the device makes its own sync password,',
    '  kept only in its device secrets; the code is then spent. --code CODE works too (visible in the process list).',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, { data: { type: 'string' }, remote: { type: 'string' }, code: { type: 'string' } });
    if (!parsed) return 2;
    const o = parsed.options;
    const code = o.code ?? process.env.JINGWEI_ENROL_CODE;
    if (!code) {
      console.error('缺少注册码：请设置环境变量 JINGWEI_ENROL_CODE Missing the enrolment code: set JINGWEI_ENROL_CODE');
      return 2;
    }
    const dataDir = resolve(o.data);
    ensurePrivateDir(dataDir);
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) });
    try {
      const enrolled = await redeemEnrolmentCode({ url: o.remote, code, secrets, deviceId: (branch) => deviceIdFor(dataDir, branch) });
      // A folder wiped at a revocation serves again once the device holds new credentials.
      rmSync(join(dataDir, REVOKED_MARKER), { force: true });
      console.log(`已注册 enrolled: 设备用户 device user ${enrolled.deviceUser}，支行 branch ${enrolled.branchCode}`);
      return 0;
    } catch (e) {
      if (!(e instanceof EnrolmentFailed)) throw e;
      console.error(`注册失败 Enrolment failed: ${e.message}`);
      return 1;
    }
  },
};

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { pemCertificates, spkiHash, certFingerprint } from '../../core/lan/branch-ca';
import { CA_BUNDLE_FILE, finishCaRotation, LAN_TLS_DIR, prepareCaRotation } from '../../core/lan/lan-tls';
import { queueDeviceKeys, renewQueueDeviceKey } from '../../core/queue/queue-device';
import { defaultSecretsDir, openDeviceSecrets } from '../../core/secrets/device-secrets';
import { branchCodeSchema, parseOptions } from '../args';
import type { CliCommand } from '../command';

const schema = z.object({
  data: z.string().min(1),
  branch: branchCodeSchema.default('HM01'),
  'rotate-ca': z.boolean().default(false),
  'finish-ca-rotation': z.boolean().default(false),
  'new-kiosk-key': z.boolean().default(false),
  'new-counter-key': z.boolean().default(false),
});

/** What IT hands to the other devices of the branch, read from the queue device's secrets and files. */
export const lanKeysCommand: CliCommand = {
  usage: [
    'jingwei lan-keys --data DIR [--branch HM01] [--rotate-ca | --finish-ca-rotation | --new-kiosk-key | --new-counter-key]',
    '',
    '  在叫号主机上显示：叫号机密钥、柜台密钥、网点CA证书（路径与指纹）。On the queue device: shows the kiosk key, the',
    '  counter key and the branch CA certificate (file and fingerprints) that IT copies to the other devices.',
    '  --rotate-ca           更换网点CA第一步：生成新CA并加入 branch-ca.pem；复制到所有柜台机、大厅屏后执行第二步',
    '                        rotation step 1: a new CA joins branch-ca.pem; copy it to every counter and hall PC, then',
    '  --finish-ca-rotation  第二步：启用新CA、删除旧CA，重启叫号主机后生效  step 2: switch to the new CA, drop the old',
    '                        one (takes effect when the queue device restarts)',
    '  --new-kiosk-key       更换叫号机密钥（叫号机页面需重新设置） new kiosk key (set it again on the kiosk page)',
    '  --new-counter-key     更换柜台密钥（每台柜台机需更新 JINGWEI_COUNTER_KEY） new counter key (update every counter PC)',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, {
      data: { type: 'string' }, branch: { type: 'string' }, 'rotate-ca': { type: 'boolean' }, 'finish-ca-rotation': { type: 'boolean' },
      'new-kiosk-key': { type: 'boolean' }, 'new-counter-key': { type: 'boolean' },
    });
    if (!parsed) return 2;
    const o = parsed.options;
    const dataDir = resolve(o.data);
    if (!existsSync(dataDir)) {
      console.error(`没有数据目录 No data folder: ${dataDir}`);
      return 2;
    }
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) });
    const tls = { dataDir, secrets, branchCode: o.branch.toUpperCase() };
    try {
      if (o['rotate-ca']) await prepareCaRotation(tls);
      if (o['finish-ca-rotation']) finishCaRotation(tls);
    } catch (e) {
      console.error(`网点CA Branch CA: ${(e as Error).message}`);
      return 1;
    }
    if (o['new-kiosk-key']) renewQueueDeviceKey(secrets, 'kiosk');
    if (o['new-counter-key']) renewQueueDeviceKey(secrets, 'counter');

    const keys = queueDeviceKeys(secrets);
    console.log(`叫号机密钥 Kiosk key:   ${keys.kioskKey}   (叫号机页面 kiosk page ?kioskKey=…)`);
    console.log(`柜台密钥 Counter key:   ${keys.counterKey}   (柜台机 counter PC: JINGWEI_COUNTER_KEY / device-config counterKey)`);
    const bundleFile = join(dataDir, LAN_TLS_DIR, CA_BUNDLE_FILE);
    if (!existsSync(bundleFile)) {
      console.log('网点CA Branch CA: 尚未生成，叫号主机首次以局域网地址（--host）启动时生成 not made yet: made when the queue device first serves the LAN');
      return 0;
    }
    console.log(`网点CA证书 Branch CA:   ${bundleFile}`);
    for (const pem of pemCertificates(readFileSync(bundleFile, 'utf8'))) {
      console.log(`  SHA-256 ${certFingerprint(pem)}`);
      // A hall TV running Chromium pins the CA's key with --ignore-certificate-errors-spki-list=<this>.
      console.log(`  SPKI    ${spkiHash(pem)}`);
    }
    if (o['rotate-ca']) console.log('已加入新CA：复制 branch-ca.pem 到所有设备后执行 --finish-ca-rotation  New CA added: copy branch-ca.pem everywhere, then --finish-ca-rotation');
    if (o['finish-ca-rotation']) console.log('已启用新CA：重启叫号主机 Switched to the new CA: restart the queue device');
    if (o['new-kiosk-key'] || o['new-counter-key']) console.log('新密钥在叫号主机重启后生效 The new key takes effect when the queue device restarts');
    return 0;
  },
};

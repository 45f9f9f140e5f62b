import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeviceConfig, parseDeviceConfig, resolveDeviceConfigPath } from './device-config';
import { generateHeadOfficeKeys, trustRootFileOf } from '../../trust/head-office-keys';

const USER_DATA = path.resolve('/var/lib/jingwei-user');

function errorsOf(text: string): string[] {
  const result = parseDeviceConfig(text, USER_DATA);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

describe('parseDeviceConfig', () => {
  it('accepts a desk config and fills machine defaults', () => {
    const result = parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D03' }), USER_DATA);
    expect(result).toEqual({
      ok: true,
      config: { role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D03', dataDir: path.join(USER_DATA, 'data'), hallScreen: false, externalLinks: [], locale: 'zh-CN' },
    });
  });

  it('keeps an explicit data folder and reduces LAN and link URLs to their origins', () => {
    const result = parseDeviceConfig(
      JSON.stringify({
        role: 'kiosk',
        branchCode: 'hm001',
        deviceId: 'K1',
        dataDir: '/srv/jingwei',
        queueHostUrl: 'https://192.168.1.20:8443/',
        queueHostCa: '/srv/jingwei/branch-ca.pem',
        hallScreen: true,
        externalLinks: ['https://www.pbccrc.org.cn/'],
      }),
      USER_DATA,
    );
    expect(result.ok && result.config).toMatchObject({
      dataDir: '/srv/jingwei',
      queueHostUrl: 'https://192.168.1.20:8443',
      hallScreen: true,
      externalLinks: ['https://www.pbccrc.org.cn'],
    });
  });

  it('accepts a Windows data folder', () => {
    const result = parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'D1', dataDir: 'D:\\jingwei\\data' }), USER_DATA);
    expect(result.ok && result.config.dataDir).toBe('D:\\jingwei\\data');
  });

  it('names every missing field in Chinese', () => {
    expect(errorsOf('{}')).toEqual(['字段 role 不能为空', '字段 branchCode 不能为空', '字段 deviceId 不能为空']);
  });

  it('names the field and the rule that failed', () => {
    const errors = errorsOf(JSON.stringify({ role: 'teller', branchCode: 'hm_001', deviceId: 'd1' }));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('role');
    expect(errors[0]).toContain('desk（柜面）、kiosk（叫号机）或 hall（大厅屏）');
    expect(errors[1]).toContain('branchCode');
    expect(errors[1]).toContain('字母、数字或连字符');
  });

  it('rejects misspelt keys instead of ignoring them', () => {
    const errors = errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', queueHostURL: 'http://10.0.0.2' }));
    expect(errors).toEqual(['字段 queueHostURL 不是可识别的配置项（请检查拼写）']);
  });

  it('refuses an update server without TLS and a LAN host with a path', () => {
    const errors = errorsOf(
      JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', updateUrl: 'http://updates.bank.local/jingwei', queueHostUrl: 'http://10.0.0.2/queue' }),
    );
    expect(errors.some((e) => e.includes('queueHostUrl') && e.includes('只含主机和端口'))).toBe(true);
    expect(errors.some((e) => e.includes('updateUrl') && e.includes('https://'))).toBe(true);
  });

  it('takes updates only with IT\'s release-signing key pinned beside the update server', () => {
    const base = { role: 'desk', branchCode: 'hm001', deviceId: 'd1', updateUrl: 'https://updates.bank.example/branch/' };
    expect(errorsOf(JSON.stringify(base))).toEqual([expect.stringContaining('updatePublicKey')]);
    expect(errorsOf(JSON.stringify({ ...base, updatePublicKey: 'c2hvcnQ=' }))).toEqual([expect.stringContaining('Ed25519')]);
    const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseDeviceConfig(JSON.stringify({ ...base, updatePublicKey: key }), USER_DATA).ok).toBe(true);
  });

  it('only lets a kiosk drive a hall screen, and a hall display needs the kiosk address', () => {
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', hallScreen: true }))[0]).toContain('仅叫号机');
    expect(errorsOf(JSON.stringify({ role: 'hall', branchCode: 'hm001', deviceId: 'h1' }))[0]).toContain('需要填写 queueHostUrl');
  });

  it('a counter desk on the queue host needs its address and the counter key together; only a desk holds the key', () => {
    const key = 'k'.repeat(32);
    const ca = { queueHostCa: 'C:\\jingwei\\branch-ca.pem' };
    const desk = parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', queueHostUrl: 'https://192.168.1.20:8443', ...ca, counterKey: key }), USER_DATA);
    expect(desk.ok && desk.config).toMatchObject({ queueHostUrl: 'https://192.168.1.20:8443', counterKey: key });
    // The queue host is reached over TLS only, pinned to the branch CA file.
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', queueHostUrl: 'http://192.168.1.20:8080', ...ca, counterKey: key }))[0]).toContain('https://');
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', queueHostUrl: 'https://192.168.1.20:8443', counterKey: key }))[0]).toContain('queueHostCa');
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', queueHostUrl: 'https://192.168.1.20:8443', ...ca }))).toEqual([
      '柜面机在叫号主机上叫号需要同时填写 queueHostUrl 和 counterKey（缺少字段 counterKey）',
    ]);
    expect(errorsOf(JSON.stringify({ role: 'kiosk', branchCode: 'hm001', deviceId: 'k1', counterKey: key }))[0]).toContain('仅柜面（desk）可以设置');
  });

  it('takes head office\'s sync server with the device user, never on a hall display', () => {
    const headOffice = { url: 'https://sync.bank.local:6984', user: 'hm01-desk-01', password: 'device-pass-2026' };
    const desk = parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', headOffice }), USER_DATA);
    expect(desk.ok && desk.config.headOffice).toEqual(headOffice);
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', headOffice: { ...headOffice, url: 'https://u:p@sync.bank.local' } }))[0]).toContain('不含用户名密码');
    // The device password would cross the branch's line in clear.
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', headOffice: { ...headOffice, url: 'http://sync.bank.local:5984' } }))[0]).toContain('https://');
    expect(parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', headOffice: { ...headOffice, url: 'http://127.0.0.1:5984' } }), USER_DATA).ok).toBe(true);
    expect(errorsOf(JSON.stringify({ role: 'hall', branchCode: 'hm001', deviceId: 'h1', queueHostUrl: 'https://192.168.1.20:8443', queueHostCa: '/etc/jingwei/branch-ca.pem', headOffice }))[0]).toContain('大厅屏（hall）不同步');
  });

  it('lets only a kiosk serve the LAN, on an IPv4 address and an unprivileged port', () => {
    const kiosk = { role: 'kiosk', branchCode: 'hm001', deviceId: 'K1' };
    const ok = parseDeviceConfig(JSON.stringify({ ...kiosk, lanHost: { host: '192.168.1.20', port: 8080 } }), USER_DATA);
    expect(ok.ok && ok.config.lanHost).toEqual({ host: '192.168.1.20', port: 8080 });
    expect(errorsOf(JSON.stringify({ ...kiosk, lanHost: { host: 'kiosk.local', port: 80 } }))).toEqual([
      expect.stringMatching(/^字段 lanHost\.host 应为/),
      expect.stringMatching(/^字段 lanHost\.port 应为/),
    ]);
    expect(errorsOf(JSON.stringify({ ...kiosk, role: 'desk', lanHost: { host: '192.168.1.21', port: 8080 } }))[0]).toContain('仅叫号机');
  });

  it('lets only a desk serve the branch tablet\'s signing page, on an IPv4 address and an unprivileged port', () => {
    const desk = { role: 'desk', branchCode: 'hm001', deviceId: 'D1' };
    const ok = parseDeviceConfig(JSON.stringify({ ...desk, tabletHost: { host: '192.168.1.31', port: 8444 } }), USER_DATA);
    expect(ok.ok && ok.config.tabletHost).toEqual({ host: '192.168.1.31', port: 8444 });
    expect(errorsOf(JSON.stringify({ ...desk, tabletHost: { host: 'desk.local', port: 8444 } }))[0]).toMatch(/^字段 tabletHost\.host 应为/);
    expect(errorsOf(JSON.stringify({ ...desk, role: 'kiosk', tabletHost: { host: '192.168.1.31', port: 8444 } }))[0]).toContain('仅柜面机');
  });

  it('pins head office\'s trust root: public keys only, refused when malformed', () => {
    const trustRoot = trustRootFileOf(generateHeadOfficeKeys(false));
    const desk = parseDeviceConfig(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', trustRoot }), USER_DATA);
    expect(desk.ok && desk.config.trustRoot?.signingKeys[0]?.keyId).toBe(trustRoot.signingKeys[0]!.keyId);
    expect(JSON.stringify(trustRoot)).not.toMatch(/PRIVATE|pkcs8/i);
    expect(errorsOf(JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'd1', trustRoot: { ...trustRoot, signingKeys: [] } }))[0]).toContain('总行信任根');
  });

  it('reports broken JSON and non-object content', () => {
    expect(errorsOf('{ role: desk')[0]).toMatch(/^设备配置文件不是有效的 JSON：/);
    expect(errorsOf('[]')).toEqual(['设备配置文件的内容应为一个 JSON 对象']);
  });

  it('speaks English when asked', () => {
    const result = parseDeviceConfig('{}', USER_DATA, 'en');
    expect(!result.ok && result.errors[0]).toBe('Field role is required');
  });
});

describe('loadDeviceConfig', () => {
  it('tolerates the byte-order mark Notepad writes', () => {
    const result = loadDeviceConfig('/x/device.json', USER_DATA, () => '\uFEFF{"role":"kiosk","branchCode":"hm001","deviceId":"K1"}');
    expect(result.ok && result.config.role).toBe('kiosk');
  });

  it('tells IT where the missing file should be', () => {
    const missing = Object.assign(new Error('nope'), { code: 'ENOENT' });
    const result = loadDeviceConfig('/x/device.json', USER_DATA, () => {
      throw missing;
    });
    expect(!result.ok && result.errors[0]).toContain('找不到设备配置文件 /x/device.json');
  });

  it('reports other read failures with the reason', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const result = loadDeviceConfig('/x/device.json', USER_DATA, () => {
      throw denied;
    });
    expect(!result.ok && result.errors[0]).toBe('无法读取设备配置文件 /x/device.json：EACCES: permission denied');
  });
});

describe('resolveDeviceConfigPath', () => {
  it('prefers the command-line flag, then the environment, then user data', () => {
    const env = { JINGWEI_DEVICE_CONFIG: '/etc/jingwei/device.json' };
    expect(resolveDeviceConfigPath(['electron', '.', '--device-config=/opt/d.json'], env, USER_DATA)).toBe(path.resolve('/opt/d.json'));
    expect(resolveDeviceConfigPath(['electron', '.'], env, USER_DATA)).toBe(path.resolve('/etc/jingwei/device.json'));
    expect(resolveDeviceConfigPath(['electron', '.', '--device-config='], {}, USER_DATA)).toBe(path.join(USER_DATA, 'device-config.json'));
  });
});

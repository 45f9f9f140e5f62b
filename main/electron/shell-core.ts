import { readFileSync } from 'node:fs';
import { app, safeStorage } from 'electron';
import { translate } from '../../i18n/translate';
import { parseTrustRoot } from '../../trust/trust-root';
import { createCore, type Core } from '../core/core';
import { TABLET_METHODS } from '../core/credit/tablet-signing.contract';
import { ensureLanTls, type LanTls } from '../core/lan/lan-tls';
import { defaultSecretsDir, openDeviceSecrets, type DeviceSecrets } from '../core/secrets/device-secrets';
import { writePrivateFile } from '../core/secrets/private-files';
import { startBranchHost, type BranchHostOptions } from '../host/branch-host';
import { moveConfigSecrets } from './config-secrets';
import type { DeviceConfig } from './device-config';
import { headOfficeCredentials } from './head-office-credentials';
import { chooseKeystore } from './os-keystore';
import { fatal, log } from './shell-log';
import { updateChannelOf } from './updater';

/**
 * Credentials IT typed into device-config.json (password or enrolment code) move into the device secrets on the
 * first start; the file is rewritten 0600 without them (config-secrets.ts).
 */
function moveCredentialsOutOfConfig(configPath: string, secrets: DeviceSecrets): void {
  const rewritten = moveConfigSecrets(readFileSync(configPath, 'utf8'), secrets);
  if (!rewritten) return;
  try {
    writePrivateFile(configPath, rewritten);
    log('info', `head-office credentials moved from ${configPath} into the device secrets`);
  } catch (error) {
    log('warn', `head-office credentials stored in the device secrets but ${configPath} could not be rewritten without them`, error);
  }
}

export interface ShellCore {
  core: Core;
  /** Head office's update feed (the `updates` database) admits device users only: the feed requests carry them. */
  updateHeaders: Record<string, string> | undefined;
}

/**
 * This device's core, over device secrets in the OS keystore where there is one, with head office's credentials
 * (moved out of the config file, or made at enrolment). Null once a fatal error was shown.
 */
export async function openShellCore(config: DeviceConfig, configPath: string, queueCa: string | null): Promise<ShellCore | null> {
  const lang = config.locale;
  try {
    const choice = await chooseKeystore(safeStorage, process.platform);
    if (!choice.keystore) log('warn', `device secrets protected by a 0600 key file only: ${choice.reason}`);
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(config.dataDir), keystore: choice.keystore });
    let credentials: { username: string; password: string } | null = null;
    if (config.headOffice) {
      moveCredentialsOutOfConfig(configPath, secrets);
      const found = await headOfficeCredentials(config.headOffice, secrets, config.deviceId);
      if (!found.ok) {
        const why = found.reason === 'missing' ? translate('shell.config.headOfficePassword', {}, lang) : translate('shell.enrolment.failed', { detail: found.detail }, lang);
        fatal(translate('shell.config.title', {}, lang), [translate('shell.config.header', { path: configPath }, lang), why].join('\n'));
        return null;
      }
      credentials = { username: found.username, password: found.password };
    }
    let updateHeaders: Record<string, string> | undefined;
    if (config.headOffice && credentials && config.updateUrl && new URL(config.updateUrl).origin === new URL(config.headOffice.url).origin) {
      updateHeaders = { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
    }
    const core = await createCore({
      secrets,
      dataDir: config.dataDir, branchCode: config.branchCode, deviceId: config.deviceId, log: (level, m, d) => log(level, `[core] ${m}`, d),
      // A counter PC calls tickets on the queue device's queue, not on a queue of its own.
      ...(config.role === 'desk' && config.queueHostUrl && config.counterKey && queueCa ? { queueHost: { url: config.queueHostUrl, counterKey: config.counterKey, ca: queueCa } } : {}),
      // The kiosk is the queue device: its store keeps only what the queue needs.
      ...(config.role === 'kiosk' ? { queueDevice: true } : {}),
      ...(config.headOffice && credentials ? { remote: { url: config.headOffice.url, ...credentials } } : {}),
      // Head office revoked this device: the core stopped and wiped its data; nothing is served any more.
      onRevoked: () => void fatal(translate('shell.revoked.title', {}, lang), translate('shell.revoked.body', {}, lang)),
      trust: config.trustRoot ? parseTrustRoot(config.trustRoot) : null,
      deviceFacts: { role: config.role, appVersion: app.getVersion(), channel: updateChannelOf(config.updateUrl) },
    });
    return { core, updateHeaders };
  } catch (error) {
    fatal(translate('shell.startFailed.title', {}, lang), translate('shell.startFailed.body', { detail: String(error) }, lang));
    return null;
  }
}

interface LanPage {
  at: { host: string; port: number };
  /** Only these methods, refusing the rest with this message (the tablet page); the whole queue API without. */
  only?: Pick<NonNullable<BranchHostOptions['lan']>, 'methods' | 'refusal'>;
  listening(url: string, tls: LanTls): string;
  failed: string;
}

/**
 * One HTTPS host on the branch LAN with the branch CA's certificate. The device works on without it (the kiosk
 * still issues tickets, the desk still records), so a host that cannot listen is logged, not fatal.
 */
async function serveOnLan(core: Core, config: DeviceConfig, staticDir: string, page: LanPage): Promise<(() => Promise<void>) | null> {
  try {
    const tls = await ensureLanTls({ dataDir: config.dataDir, secrets: core.secrets, branchCode: config.branchCode }, [page.at.host, '127.0.0.1']);
    const host = await startBranchHost({ core, host: page.at.host, port: page.at.port, staticDir, lan: { ...tls, ...page.only } });
    log('info', page.listening(host.url, tls));
    return () => host.close();
  } catch (error) {
    log('error', `${page.failed} could not listen on ${page.at.host}:${page.at.port}`, error);
    return null;
  }
}

/** The kiosk's queue service for counters and the hall screen, and the desk's tablet signing page, where configured; returns their stops. */
export async function serveLanPages(core: Core, config: DeviceConfig, staticDir: string): Promise<(() => Promise<void>)[]> {
  const stops: (() => Promise<void>)[] = [];
  if (config.lanHost) {
    const stop = await serveOnLan(core, config, staticDir, {
      at: config.lanHost,
      listening: (url, tls) => `LAN service listening on ${url}; branch CA ${tls.bundleFile} (SHA-256 ${tls.fingerprints.join(', ')})`,
      failed: 'LAN service',
    });
    if (stop) stops.unshift(stop);
  }
  if (config.tabletHost) {
    const stop = await serveOnLan(core, config, staticDir, {
      at: config.tabletHost,
      only: { methods: TABLET_METHODS, refusal: 'credit.tabletFaceOnly' },
      listening: (url, tls) => `Tablet signing page on ${url}?role=tablet; branch CA ${tls.bundleFile}`,
      failed: 'Tablet signing page',
    });
    if (stop) stops.unshift(stop);
  }
  return stops;
}

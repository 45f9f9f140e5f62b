import path from 'node:path';
import { z } from 'zod';
import { credentialUrlProblem } from '../../domain/net/secure-remote';
import { translate, type Lang } from '../../i18n/translate';
import { parseUpdatePublicKey } from '../../trust/update-signature';
import { trustRootSchema } from '../../trust/trust-root';

export const DEVICE_ROLES = ['desk', 'kiosk', 'hall'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** An http(s) URL that is nothing but an origin: paths would be silently dropped when it is used in the CSP. */
function isOriginUrl(value: string, protocols: readonly string[]): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return protocols.includes(url.protocol) && url.username === '' && url.password === '' && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
}

const originOf = (value: string) => new URL(value).origin;

function isUpdateKey(text: string): boolean {
  try {
    parseUpdatePublicKey(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The per-machine file IT writes when installing a device. Unknown keys are rejected so that a misspelt
 * `queueHostUrl` fails loudly at start-up instead of leaving the counter without a queue.
 */
export const deviceConfigSchema = z
  .strictObject({
    role: z.enum(DEVICE_ROLES),
    // Becomes part of the CouchDB database name `branch-<code>` (lower-cased by the core), so no other characters.
    branchCode: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/),
    deviceId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    dataDir: z.string().refine((p) => path.isAbsolute(p) || path.win32.isAbsolute(p)).optional(),
    // The queue device's LAN service: https only, its certificate issued by the branch CA below.
    queueHostUrl: z.string().refine((u) => isOriginUrl(u, ['https:'])).transform(originOf).optional(),
    // The branch CA file copied from the queue device (lan-tls/branch-ca.pem): the only CA trusted for it.
    queueHostCa: z.string().refine((p) => path.isAbsolute(p) || path.win32.isAbsolute(p)).optional(),
    // A counter PC acts on the queue device's queue with this key (shown by `jingwei lan-keys` on the queue device)
    // and the password of the teller logged in here.
    counterKey: z.string().min(32).max(100).optional(),
    // Updates are code: they must come over TLS even on the bank's intranet.
    updateUrl: z.string().refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:').optional(),
    // IT's release-signing key: an update is installed only if its signature verifies (update-signature.ts).
    updatePublicKey: z.string().max(400).refine(isUpdateKey).optional(),
    hallScreen: z.boolean().optional(),
    // Head office's sync server and this device's user (jingwei couchdb-setup). The password is written here
    // once by IT; the first start moves it into the device secrets and removes it from the file
    // (config-secrets.ts), so after that the file holds none.
    headOffice: z
      .strictObject({
        // The device password goes with every request: https only, http to this machine's loopback for tests.
        url: z.string().refine((u) => URL.canParse(u) && !new URL(u).username && credentialUrlProblem(u) === null),
        // Without it, the user the device made at enrolment (from enrolmentCode) is used.
        user: z.string().min(1).max(100).optional(),
        password: z.string().min(12).max(200).optional(),
        // IT's one-time code instead of a password: the device makes its own password with it at the first start.
        enrolmentCode: z.string().min(10).max(120).optional(),
      })
      .optional(),
    // Head office's public keys (jingwei identity keygen → trust-root.json), pinned here at provisioning: staff records
    // are believed only with a signature they verify. Public, not secret; without it nobody can log in on this device.
    trustRoot: trustRootSchema.optional(),
    // The kiosk serves the queue to counters and hall PCs over the branch LAN (the one live LAN service).
    lanHost: z.strictObject({ host: z.ipv4(), port: z.int().min(1024).max(65535) }).optional(),
    // A desk serves the branch tablet's signing page (平板签字) on the LAN: HTTPS, the tablet's methods only.
    tabletHost: z.strictObject({ host: z.ipv4(), port: z.int().min(1024).max(65535) }).optional(),
    externalLinks: z.array(z.string().refine((u) => isOriginUrl(u, ['https:'])).transform(originOf)).max(50).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.hallScreen !== undefined && config.role !== 'kiosk') {
      ctx.addIssue({ code: 'custom', path: ['hallScreen'], message: 'shell.config.rule.hallScreen' });
    }
    if (config.lanHost && config.role !== 'kiosk') {
      ctx.addIssue({ code: 'custom', path: ['lanHost'], message: 'shell.config.rule.lanHost' });
    }
    if (config.tabletHost && config.role !== 'desk') {
      ctx.addIssue({ code: 'custom', path: ['tabletHost'], message: 'shell.config.rule.tabletHost' });
    }
    if (config.role === 'desk' && !!config.queueHostUrl !== !!config.counterKey) {
      ctx.addIssue({ code: 'custom', path: [config.counterKey ? 'queueHostUrl' : 'counterKey'], message: 'shell.config.rule.counterPair' });
    }
    if (config.headOffice && config.role === 'hall') {
      ctx.addIssue({ code: 'custom', path: ['headOffice'], message: 'shell.config.rule.headOffice' });
    }
    if (config.counterKey && config.role !== 'desk') {
      ctx.addIssue({ code: 'custom', path: ['counterKey'], message: 'shell.config.rule.counterKey' });
    }
    if (config.updateUrl && !config.updatePublicKey) {
      ctx.addIssue({ code: 'custom', path: ['updatePublicKey'], message: 'shell.config.rule.updatePublicKey' });
    }
    if (config.role === 'hall' && !config.queueHostUrl) {
      ctx.addIssue({ code: 'custom', path: ['queueHostUrl'], message: 'shell.config.rule.hallSource' });
    }
    if (!!config.queueHostUrl !== !!config.queueHostCa) {
      ctx.addIssue({ code: 'custom', path: [config.queueHostUrl ? 'queueHostCa' : 'queueHostUrl'], message: 'shell.config.rule.queueHostCa' });
    }
  });

export type DeviceConfigFile = z.output<typeof deviceConfigSchema>;

export interface DeviceConfig extends DeviceConfigFile {
  dataDir: string;
  hallScreen: boolean;
  externalLinks: string[];
  locale: Lang;
}

export type ConfigResult = { ok: true; config: DeviceConfig } | { ok: false; errors: string[] };

const RULE_KEYS: Record<string, string> = {
  role: 'shell.config.rule.role',
  branchCode: 'shell.config.rule.branchCode',
  deviceId: 'shell.config.rule.deviceId',
  dataDir: 'shell.config.rule.dataDir',
  queueHostUrl: 'shell.config.rule.queueHostUrl',
  queueHostCa: 'shell.config.rule.queueHostCa',
  counterKey: 'shell.config.rule.counterKey',
  headOffice: 'shell.config.rule.headOffice',
  updateUrl: 'shell.config.rule.updateUrl',
  updatePublicKey: 'shell.config.rule.updatePublicKey',
  hallScreen: 'shell.config.rule.hallScreen',
  lanHost: 'shell.config.rule.lanHost',
  tabletHost: 'shell.config.rule.tabletHost',
  trustRoot: 'shell.config.rule.trustRoot',
  externalLinks: 'shell.config.rule.externalLinks',
  locale: 'shell.config.rule.locale',
};

/** One sentence per problem, naming the field and the rule, for the dialog IT sees on a misconfigured machine. */
export function describeConfigIssues(error: z.ZodError, raw: Record<string, unknown>, lang: Lang = 'zh-CN'): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(translate('shell.config.unknownField', { field: key }, lang));
      continue;
    }
    const field = issue.path.join('.') || 'role';
    const top = String(issue.path[0] ?? '');
    if (issue.code === 'custom' && issue.message.startsWith('shell.')) {
      lines.push(translate(issue.message, { field }, lang));
    } else if (issue.path.length === 1 && raw[top] === undefined) {
      lines.push(translate('shell.config.required', { field }, lang));
    } else {
      lines.push(translate(RULE_KEYS[top] ?? 'shell.config.unknownField', { field }, lang));
    }
  }
  return lines;
}

/** Parses the file's text; defaults that depend on the machine (the data folder) come from `userDataDir`. */
export function parseDeviceConfig(text: string, userDataDir: string, lang: Lang = 'zh-CN'): ConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [translate('shell.config.notJson', { reason: (error as Error).message }, lang)] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [translate('shell.config.notObject', {}, lang)] };
  }
  const parsed = deviceConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: describeConfigIssues(parsed.error, raw as Record<string, unknown>, lang) };
  const file = parsed.data;
  return {
    ok: true,
    config: {
      ...file,
      dataDir: file.dataDir ?? path.join(userDataDir, 'data'),
      hallScreen: file.hallScreen ?? false,
      externalLinks: file.externalLinks ?? [],
      locale: file.locale ?? 'zh-CN',
    },
  };
}

/**
 * Where the file lives: `--device-config=<path>` (set in the desktop shortcut by IT), then the
 * JINGWEI_DEVICE_CONFIG variable, then `device-config.json` in the app's user-data folder
 * (not `device.json`: the core keeps its own identity file of that name in the data folder).
 */
export function resolveDeviceConfigPath(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, userDataDir: string): string {
  const flag = argv.find((a) => a.startsWith('--device-config='));
  const fromFlag = flag?.slice('--device-config='.length);
  if (fromFlag) return path.resolve(fromFlag);
  if (env.JINGWEI_DEVICE_CONFIG) return path.resolve(env.JINGWEI_DEVICE_CONFIG);
  return path.join(userDataDir, 'device-config.json');
}

export interface ReadFile {
  (file: string): string;
}

/** Reads and validates the file; every failure becomes readable lines rather than an exception. */
export function loadDeviceConfig(file: string, userDataDir: string, readFile: ReadFile, lang: Lang = 'zh-CN'): ConfigResult {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, errors: [translate('shell.config.missing', { path: file }, lang)] };
    return { ok: false, errors: [translate('shell.config.unreadable', { path: file, reason: (error as Error).message }, lang)] };
  }
  // Notepad on the branch PCs saves UTF-8 with a byte-order mark, which JSON.parse rejects.
  return parseDeviceConfig(text.replace(/^\uFEFF/, ''), userDataDir, lang);
}

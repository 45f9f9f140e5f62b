import { HEAD_OFFICE_PASSWORD_SECRET } from '../core/devices/enrolment';
import type { DeviceSecrets } from '../core/secrets/device-secrets';

/**
 * Credentials IT may type into device-config.json when installing a device. The shell moves each one into the
 * device secrets (OS keystore) on start and writes the file back without it, so the password lives in clear
 * text only between IT saving the file and the first start. To change it, IT writes the new one into the file.
 */
export const CONFIG_SECRETS = [
  { path: ['headOffice', 'password'], name: HEAD_OFFICE_PASSWORD_SECRET },
  // IT's one-time enrolment code (jingwei release enrol): redeemed at start (head-office-credentials.ts).
  { path: ['headOffice', 'enrolmentCode'], name: 'head-office.enrolment-code' },
] as const;

export const HEAD_OFFICE_PASSWORD = CONFIG_SECRETS[0].name;
export const HEAD_OFFICE_ENROLMENT_CODE = CONFIG_SECRETS[1].name;

type Json = Record<string, unknown>;

/**
 * Stores every credential found in the (already validated) config text and returns the text to write back
 * without them, or null when the file holds none. The secret is stored before the file is rewritten: a crash
 * in between leaves it in both places, never in neither.
 */
export function moveConfigSecrets(text: string, secrets: Pick<DeviceSecrets, 'setSecret'>): string | null {
  const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  let moved = false;
  for (const { path, name } of CONFIG_SECRETS) {
    const parent = path.slice(0, -1).reduce<Json | undefined>((o, k) => (o?.[k] && typeof o[k] === 'object' ? (o[k] as Json) : undefined), raw);
    const leaf = path[path.length - 1]!;
    const value = parent?.[leaf];
    if (typeof value !== 'string') continue;
    secrets.setSecret(name, value);
    delete parent![leaf];
    moved = true;
  }
  return moved ? `${JSON.stringify(raw, null, 2)}\n` : null;
}

import { createHash, randomBytes } from 'node:crypto';
import { createTestCore } from './test-core';
import type { ApplicationView } from '../credit/credit.contract';
import { contractedGoldApplication, GOLD_ID } from '../credit/gold-collar.fixture';

export type TestCore = Awaited<ReturnType<typeof createTestCore>>;

/**
 * A test core with 周文博 on file and his 富民金领贷 contracted (approved automatically), logged in as the teller T001:
 * where the face-to-face and e-signing tests start.
 */
export async function contractedLoanCore(): Promise<{ t: TestCore; teller: string; app: ApplicationView }> {
  const t = await createTestCore();
  const teller = await t.login('T001');
  const c = await t.call('customers.create', {
    customer: { kind: 'individual', name: '周文博', idNumber: GOLD_ID, phone: '13803571234', address: '山西省侯马市浍滨街道', group: 'civil-servant' },
  }, teller);
  const app = await contractedGoldApplication<ApplicationView>((method, args) => t.call(method as never, args as never, teller), c.id, 20_000_000);
  return { t, teller, app };
}

/** A WebM file's magic bytes then noise: what the desk's recorder would upload, as far as the core can tell. */
export const fakeWebm = (size = 4096): Buffer => Buffer.from([0x1a, 0x45, 0xdf, 0xa3, ...randomBytes(size)]);
export const sha256Digest = (b: Buffer): string => `sha256:${createHash('sha256').update(new Uint8Array(b)).digest('hex')}`;

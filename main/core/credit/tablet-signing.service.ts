import { tabletSignatureDigest, tabletSignatureProblems, looksDrawn } from '../../../domain/video/tablet-signature';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import type { TabletESign } from './applications.service';
import type { ApplicationDoc } from './credit.docs';
import { PairingRefused, tabletPairings, CODE_TTL_MS, TABLET_TTL_MS, type Pairing, type TabletPairings } from './tablet-pairing';
import type { TabletPairingView, tabletSigningContract } from './tablet-signing.contract';
import type { ServiceDeps } from '../service-deps';

// 平板签字 from the desk host's side: the desk asks for a pairing code, the tablet (served on the branch LAN by this
// host, main/host/branch-host.ts) pairs with it, shows the contract in short with its digest and the recording's, and
// sends the customer's strokes. The signature is bound to both digests and written through the loan's e-sign step,
// under the name of the staff member whose desk showed the code, with the digest in the audit entry.

export interface TabletSigningDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'branchName' | 'device'> {
  tabletESign: TabletESign;
  clock?: () => number;
  /** Tests: a known code instead of a random one. */
  codeOf?: () => string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function refused(err: unknown): never {
  if (err instanceof PairingRefused) {
    const status = err.reason === 'tabletCodeWrong' || err.reason === 'tabletTokenUnknown' ? 'FORBIDDEN' : 'CONFLICT';
    throw apiError(status, `credit.${err.reason}`);
  }
  throw err;
}

export function pairingView(pairings: TabletPairings, pairing: Pairing | null): TabletPairingView {
  if (!pairing) return { state: 'none', code: null, expiresAt: null, tabletAddress: null, voided: null };
  const state = pairings.stateOf(pairing);
  return {
    state,
    code: state === 'waiting' ? pairing.code : null,
    expiresAt: state === 'waiting' ? iso(pairing.createdAt + CODE_TTL_MS) : state === 'paired' ? iso(pairing.pairedAt! + TABLET_TTL_MS) : null,
    tabletAddress: pairing.tabletAddress,
    voided: pairing.voided,
  };
}

export function tabletSigningHandlers(deps: TabletSigningDeps): Handlers<typeof tabletSigningContract> {
  const clock = deps.clock ?? Date.now;
  const pairings = tabletPairings(clock, deps.codeOf);
  const loadApp = async (id: string) => {
    try {
      return (await deps.pouch.get(id)) as ApplicationDoc;
    } catch {
      throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('credit.application') });
    }
  };

  return {
    'loans.tabletPairing': async ({ id }, ctx) => {
      const app = await loadApp(id);
      const recording = app.faceSign?.recording;
      // Only an offline recorded face-to-face is signed on the tablet (a 视频面签 is signed on the phone).
      if (app.state !== 'face-signed' || !app.contract || !recording) throw apiError('CONFLICT', 'credit.tabletNeedsRecording');
      const pairing = pairings.open(id, { contractDigest: app.contract.digest, recordingDigest: recording.digest }, actorOf(ctx));
      return pairingView(pairings, pairing);
    },

    'loans.tabletStatus': async ({ id }) => pairingView(pairings, pairings.latest(id)),

    'tablet.pair': async ({ code }, ctx) => {
      let pairing: Pairing;
      try {
        pairing = pairings.pair(code, ctx.address);
      } catch (err) {
        refused(err);
      }
      const app = await loadApp(pairing.applicationId);
      const c = app.contract;
      if (app.state !== 'face-signed' || !c || c.digest !== pairing.contractDigest) throw apiError('CONFLICT', 'credit.contractChanged');
      return {
        token: pairing.token!, expiresAt: iso(pairing.pairedAt! + TABLET_TTL_MS), branchName: deps.branchName, customerName: app.customerName,
        contractNo: c.no, productName: translate(`credit.product.${app.productCode}`), principalFen: c.principalFen, rateBp: c.rateBp,
        termMonths: c.termMonths, methodName: translate(`credit.method.${c.method}`), startDate: c.startDate, maturityDate: c.maturityDate,
        contractDigest: c.digest, recordingDigest: pairing.recordingDigest,
      };
    },

    'tablet.sign': async ({ token, contractDigest, recordingDigest, strokes }, ctx) => {
      let pairing: Pairing;
      try {
        pairing = pairings.byToken(token);
      } catch (err) {
        refused(err);
      }
      // The signature is for the contract and the recording this tablet was shown, or for nothing.
      if (contractDigest !== pairing.contractDigest) throw apiError('CONFLICT', 'credit.tabletDigestMismatch');
      if (recordingDigest !== pairing.recordingDigest) throw apiError('CONFLICT', 'credit.tabletRecordingChanged');
      if (!looksDrawn(strokes)) throw apiError('VALIDATION', 'credit.tabletSignatureEmpty');
      const bound = {
        type: 'tablet-signature' as const, applicationId: pairing.applicationId, contractDigest, recordingDigest, strokes,
        pairedAt: iso(pairing.pairedAt!), signedAt: ctx.now.toISOString(), pairedBy: pairing.actor.staffNo, device: deps.device,
        tabletAddress: pairing.tabletAddress ?? ctx.address,
      };
      const tablet = { ...bound, signatureDigest: tabletSignatureDigest(bound) };
      await deps.tabletESign({ id: pairing.applicationId, contractDigest, tablet }, pairing.actor, ctx.now);
      pairings.signed(pairing);
      return { signedAt: tablet.signedAt, signatureDigest: tablet.signatureDigest };
    },

    'loans.tabletSignature': async ({ id }) => {
      const app = await loadApp(id);
      const signature = app.eSign?.tablet;
      if (!signature) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('credit.tabletSignature') });
      const problems: (ReturnType<typeof tabletSignatureProblems>[number] | 'audit')[] = tabletSignatureProblems(signature, {
        applicationId: id, contractDigest: app.contract?.digest ?? null, recordingDigest: app.faceSign?.recording?.digest ?? null,
      });
      // The audit entry of the signing (its chain checked) names the same digest: strokes rewritten in the store do not.
      const entry = (await deps.audit.history(id)).filter((r) => r.action === 'loan.eSign').at(-1);
      if (!entry || entry.integrity !== 'ok' || entry.after?.signatureDigest !== signature.signatureDigest) problems.push('audit');
      const { strokes, contractDigest, recordingDigest, signatureDigest, pairedAt, signedAt, pairedBy, tabletAddress } = signature;
      return { strokes, contractDigest, recordingDigest, signatureDigest, pairedAt, signedAt, pairedBy, tabletAddress, problems };
    },
  };
}

import { keyTermLines, videoScriptOf } from '../../../domain/credit/rules';
import type { CustomerFields } from '../../../domain/customers/customer';
import { verifyDoc } from '../../../trust/signature';
import { apiError } from '../api/dispatch';
import type { CallContext, Handlers } from '../api/handlers';
import type { creditContract, VideoSignatureReceipt } from './credit.contract';
import type { ApplicationDoc } from './credit.docs';
import { mediaClient, reasonOf, type MediaServerConfig } from './media-client';
import type { ServiceDeps } from '../service-deps';

// 视频面签 from the branch's side: the host opens the application's room on head office's media server with the branch
// media key (the key never reaches a screen), and afterwards brings back what head office holds — its signed receipt of
// the customer's signature and the session's recording — onto the loan through the same face-sign and e-sign steps as
// at the desk, so the audit entries and the playback on the loan page are the ones every signing has.

type VideoMethods = 'loans.videoRoom' | 'loans.videoComplete' | 'loans.videoSmsLink';
type CreditHandlers = Handlers<typeof creditContract>;

export interface VideoSigningDeps extends Pick<ServiceDeps, 'pouch' | 'trust' | 'reference'> {
  media: MediaServerConfig | null;
  faceSign: CreditHandlers['loans.faceSign'];
  eSign: CreditHandlers['loans.eSign'];
  fetch?: typeof fetch;
}

export function videoSigningHandlers(deps: VideoSigningDeps): Pick<CreditHandlers, VideoMethods> {
  const { ask, openRoom, smsLink } = mediaClient(deps.media, deps.fetch);
  const loadApp = async (id: string) => {
    try {
      return (await deps.pouch.get(id)) as ApplicationDoc;
    } catch {
      throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: id });
    }
  };
  const roomId = (id: string) => `face-sign:${id}`;

  return {
    'loans.videoRoom': async ({ id }) => {
      const app = await loadApp(id);
      if (app.state !== 'contracted' || !app.contract) throw apiError('CONFLICT', 'credit.videoNeedsContract');
      const customer = (await deps.pouch.get(app.customerId)) as CustomerFields;
      if (!customer.idNumber || !/^1\d{10}$/.test(customer.phone)) throw apiError('VALIDATION', 'credit.videoNeedsIdAndPhone');
      const c = app.contract;
      // The risk notice and the key terms are the product's, from the rule set in force (head office publishes it, and
      // checks the version and the notice against its own copy when the room opens); the receipt names the version.
      const rules = await deps.reference.latestRuleSet(app.productCode);
      const script = videoScriptOf(rules.ruleSet);
      return openRoom({
        applicationId: id, purpose: 'face-sign', contractDigest: c.digest,
        customerPhone: customer.phone, customerName: customer.name, customerIdNumber: customer.idNumber,
        ruleSet: { product: rules.product, version: rules.version, digest: rules.digest },
        clauses: script.riskNotice, terms: keyTermLines(script, c),
      });
    },

    // Either room of the application (视频面签 or 视频防伪调查): it must be open at head office, with the customer's phone.
    'loans.videoSmsLink': async ({ id, purpose }) => {
      await loadApp(id);
      return smsLink(`${purpose}:${id}`);
    },

    'loans.videoComplete': async ({ id, rev }, ctx: CallContext) => {
      const answer = await ask(`/media/rooms/${roomId(id)}/receipt`);
      if (answer.status === 404) throw apiError('CONFLICT', 'credit.videoNotSigned');
      if (!answer.ok) throw apiError('UNAVAILABLE', 'credit.videoRefused', { reason: await reasonOf(answer) });
      const { receipt } = (await answer.json()) as { receipt: VideoSignatureReceipt };
      // Checked before anything is written (eSign checks it again): a receipt that will not do leaves the loan as it was.
      if (!deps.trust || !verifyDoc(receipt, deps.trust) || receipt.applicationId !== id) throw apiError('VALIDATION', 'credit.videoReceiptInvalid');
      const app = await loadApp(id);
      if (receipt.contractDigest !== app.contract?.digest) throw apiError('CONFLICT', 'credit.contractChanged');
      const status = (await (await ask(`/media/recordings/${roomId(id)}`)).json()) as { durationMs?: number };
      const file = await ask(`/media/recordings/${roomId(id)}/file`);
      if (!receipt.recordingDigest || !status.durationMs || !file.ok) throw apiError('CONFLICT', 'credit.videoRecordingMissing');
      const dataBase64 = Buffer.from(await file.arrayBuffer()).toString('base64');
      // The face snapshot of the identity step, when the receipt names one: kept only as the picture it names.
      const faceDigest = receipt.session.faceSnapshotDigest;
      let faceSnapshot: { dataBase64: string; digest: string } | undefined;
      if (faceDigest) {
        const face = await ask(`/media/rooms/${roomId(id)}/face`);
        if (!face.ok) throw apiError('CONFLICT', 'credit.videoFaceMissing');
        faceSnapshot = { dataBase64: Buffer.from(await face.arrayBuffer()).toString('base64'), digest: faceDigest };
      }
      // The recording is kept only as the file the receipt names (faceSign re-hashes it, and the face snapshot); the
      // receipt is checked against head office's key by eSign. Face-sign first: it is the step the e-signature follows.
      const faced = await deps.faceSign({
        id, rev, note: `视频面签 ${receipt.roomId}`,
        recording: { dataBase64, digest: receipt.recordingDigest, durationMs: status.durationMs, contentType: 'video/webm', faceSnapshot },
      }, ctx);
      return deps.eSign({ id, rev: faced.rev, contractDigest: receipt.contractDigest, receipt }, ctx);
    },
  };
}

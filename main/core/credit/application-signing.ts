/**
 * From an approved application to a signed one: the contract and its terms, the face-to-face (on site or recorded),
 * and the customer's e-signature (staff click, head office's video receipt, or the branch's tablet).
 */
import { addMonthsClamped } from '../../../domain/credit/dates';
import type { ProductCode } from '../../../domain/credit/products';
import { digestOf, videoScriptOf } from '../../../domain/credit/rules';
import { buildSchedule } from '../../../domain/credit/schedule';
import { tabletSignatureProblems, type TabletSignature } from '../../../domain/video/tablet-signature';
import { verifyDoc } from '../../../trust/signature';
import { actorOf, type Actor } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { today, type CallContext, type CreditContext, type CreditDeps, type In, type Out } from './application-context';
import { addStep, expectState, loadApp, save, strip } from './application-records';
import { contractHtml } from './contract-html';
import type { ApplicationView, VideoSignatureReceipt } from './credit.contract';
import { grantedFen } from './credit.projection';
import { readFaceSnapshot, readRecording, recordingDoc } from './face-sign-recording';

/** The signing from the branch's tablet (tablet-signing.service), outside the API contract. */
export type TabletESign = (args: { id: string; contractDigest: string; tablet: TabletSignature }, actor: Actor, now: Date) => Promise<ApplicationView>;

/** The contract for the granted amount: its number, schedule and a digest of the terms the customer will sign. */
export async function generateContract({ deps }: CreditContext, { id, rev, startDate }: In<'loans.generateContract'>, ctx: CallContext): Promise<Out<'loans.generateContract'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['approved']);
    const d = doc.decision!;
    const principal = grantedFen(doc);
    const start = startDate ?? today(ctx.now);
    const amortizing = doc.repaymentMethod !== 'revolving';
    const schedule = amortizing
      ? buildSchedule({ method: doc.repaymentMethod as Exclude<typeof doc.repaymentMethod, 'revolving'>, principalFen: principal, annualRateBp: d.rateBp, months: doc.termMonths, startDate: start })
      : null;
    const terms = {
      principalFen: principal, rateBp: d.rateBp, lprBp: d.lprBp, spreadBp: d.rateBp - d.lprBp, termMonths: doc.termMonths, method: doc.repaymentMethod,
      startDate: start, maturityDate: addMonthsClamped(start, doc.termMonths), instalments: schedule?.instalments ?? [], totals: schedule?.totals ?? null,
    };
    const no = `JW${deps.branch}${start.replace(/-/g, '')}${doc._id.slice(-6)}`;
    doc.contract = { no, ...terms, digest: digestOf({ no, customerId: doc.customerId, ...terms }), generatedAt: ctx.now.toISOString(), generatedBy: actor.staffNo };
    doc.state = 'contracted';
    addStep(deps, doc, 'contracted', actor, ctx.now);
    return save(deps, doc, 'loan.contract', actor, ctx.now, { contractNo: no, principalFen: principal, rateBp: d.rateBp, digest: doc.contract.digest });
  });
}

export async function contractHtmlOf({ deps }: CreditContext, { id }: In<'loans.contractHtml'>): Promise<Out<'loans.contractHtml'>> {
  const doc = await loadApp(deps, id);
  if (!doc.contract) throw apiError('CONFLICT', 'credit.noContract');
  return { html: contractHtml(doc, deps.branchName) };
}

/** The face-to-face: on site (a note), or recorded, with the recording written beside the application. */
export async function faceSign({ deps, newId }: CreditContext, { id, rev, note, recording }: In<'loans.faceSign'>, ctx: CallContext): Promise<Out<'loans.faceSign'>> {
  const actor = actorOf(ctx);
  // Checked before the write queue: hashing a few megabytes of video need not hold up other writers.
  const recorded = recording
    ? recordingDoc(recording, { id: `loan-recording:${newId()}`, branch: deps.branch, applicationId: id, now: ctx.now, staffNo: actor.staffNo, device: deps.device })
    : null;
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['contracted']);
    const mode = recorded ? 'recorded' : 'on-site';
    doc.faceSign = { mode, note, at: ctx.now.toISOString(), by: actor.staffNo, byName: actor.name, ...(recorded ? { recording: recorded.ref } : {}) };
    doc.state = 'face-signed';
    addStep(deps, doc, 'face-signed', actor, ctx.now);
    // The recording, the application and the audit entry with the recording's SHA-256 are one bulkDocs.
    return save(deps, doc, 'loan.faceSign', actor, ctx.now, {
      mode, note, ...(recorded ? { recordingId: recorded.ref.id, recordingDigest: recorded.ref.digest, recordingBytes: recorded.ref.bytes } : {}),
      ...(recorded?.ref.faceSnapshot ? { faceSnapshotDigest: recorded.ref.faceSnapshot.digest } : {}),
    }, recorded ? [recorded.doc] : []);
  });
}

export async function recordingOf({ deps }: CreditContext, { id }: In<'loans.recording'>): Promise<Out<'loans.recording'>> {
  return readRecording(deps.pouch, id);
}

export async function faceSnapshotOf({ deps }: CreditContext, { id }: In<'loans.faceSnapshot'>): Promise<Out<'loans.faceSnapshot'>> {
  return readFaceSnapshot(deps.pouch, id);
}

/**
 * The risk notice the customer confirmed is the product's, word for word, as the rule-set version the receipt
 * names publishes it (head office signed the receipt, but the room was opened from a branch).
 */
async function checkVideoScript(deps: CreditDeps, r: VideoSignatureReceipt, product: ProductCode): Promise<void> {
  const rules = r.ruleSet.product === product ? await deps.reference.ruleSet(product, r.ruleSet.version) : null;
  const notice = rules && rules.digest === r.ruleSet.digest ? videoScriptOf(rules.ruleSet).riskNotice : null;
  const confirmed = r.session.confirmations.map((c) => c.text);
  if (!notice || notice.length !== confirmed.length || notice.some((text, i) => text !== confirmed[i])) {
    throw apiError('VALIDATION', 'credit.videoScriptMismatch', { version: r.ruleSet.version });
  }
}

/**
 * The customer's e-signature: a staff click after an on-site face-to-face; head office's receipt of the signature on
 * the phone (视频面签); or the signature drawn on the branch's tablet after an offline recorded one (tablet, from
 * tablet-signing.service only: the API's schema has no such field).
 */
export async function eSign(
  { deps }: CreditContext,
  { id, rev, contractDigest, receipt, tablet }: { id: string; rev: string | null; contractDigest: string; receipt?: VideoSignatureReceipt; tablet?: TabletSignature },
  actor: Actor,
  now: Date,
): Promise<ApplicationView> {
  return deps.writes.run(async () => {
    const doc = strip(await loadApp(deps, id));
    expectState(doc, rev, ['face-signed']);
    // The customer signs the terms on screen; a signature for other terms (changed since shown) is refused.
    if (doc.contract!.digest !== contractDigest) throw apiError('CONFLICT', 'credit.contractChanged');
    if (receipt) {
      // The customer's own signature from the phone: it counts only as head office signed it, for this loan and
      // these terms. A branch device cannot make such a receipt.
      const genuine = !!deps.trust && verifyDoc(receipt, deps.trust);
      if (!genuine || receipt.applicationId !== id) throw apiError('VALIDATION', 'credit.videoReceiptInvalid');
      if (receipt.contractDigest !== doc.contract!.digest) throw apiError('CONFLICT', 'credit.contractChanged');
      // The face head office saw with the ID card is the one kept on the loan (loans.videoComplete brings both).
      const face = receipt.session.faceSnapshotDigest;
      if (face && doc.faceSign?.recording?.faceSnapshot?.digest !== face) throw apiError('CONFLICT', 'credit.videoFaceMissing');
      await checkVideoScript(deps, receipt, doc.productCode);
    } else if (tablet) {
      const problems = tabletSignatureProblems(tablet, { applicationId: id, contractDigest: doc.contract!.digest, recordingDigest: doc.faceSign?.recording?.digest ?? null });
      if (problems.includes('contract')) throw apiError('CONFLICT', 'credit.contractChanged');
      if (problems.length > 0) throw apiError('CONFLICT', 'credit.tabletRecordingChanged');
    } else if (doc.faceSign?.mode === 'recorded') {
      // A recorded face-to-face is signed by the customer (phone or tablet), never by a staff click on her behalf.
      throw apiError('CONFLICT', 'credit.tabletSignatureRequired');
    }
    doc.eSign = {
      signer: doc.customerName, contractDigest, at: receipt?.signedAt ?? tablet?.signedAt ?? now.toISOString(), by: actor.staffNo,
      ...(receipt ? { video: receipt } : {}),
      ...(tablet ? { tablet } : {}),
    };
    doc.state = 'e-signed';
    addStep(deps, doc, 'e-signed', actor, now);
    return save(deps, doc, 'loan.eSign', actor, now, receipt
      ? { contractDigest, mode: 'video', signatureDigest: receipt.signatureDigest, recordingDigest: receipt.recordingDigest }
      : tablet
        ? { contractDigest, mode: 'tablet', signatureDigest: tablet.signatureDigest, recordingDigest: tablet.recordingDigest, pairedAt: tablet.pairedAt, tabletAddress: tablet.tabletAddress }
        : { contractDigest });
  });
}

/** The API's e-sign: a staff click or head office's video receipt (the schema has no tablet field). */
export async function eSignByCall(c: CreditContext, { id, rev, contractDigest, receipt }: In<'loans.eSign'>, ctx: CallContext): Promise<Out<'loans.eSign'>> {
  return eSign(c, { id, rev, contractDigest, receipt }, actorOf(ctx), ctx.now);
}

/** The tablet's signature: no revision to match (the pairing names the application), the contract digest still must. */
export function tabletESign(c: CreditContext): TabletESign {
  return ({ id, contractDigest, tablet }, actor, now) => eSign(c, { id, rev: null, contractDigest, tablet }, actor, now);
}

// The script of a 视频面签, kept by head office for the room: the customer shows the ID card (head office OCR-checks the
// photo against the file the branch opened the room with), each clause of the risk notice is read out and the customer
// confirms it aloud and with a tap (timed here, not on the phone), then the customer signs. The desk moves the script
// on; it cannot skip a step the customer has not done, and head office refuses a signature before the last step.

export type StepKind = 'identity' | 'clause' | 'sign';

export interface ScriptStep {
  id: string;
  kind: StepKind;
  /** What the customer manager reads out and the phone shows. */
  text: string;
}

export interface IdCheck {
  matched: boolean;
  /** What did not match, in Chinese, as the OCR names the field (empty when matched). */
  differences: string[];
}

export interface StepRecord {
  step: string;
  kind: StepKind;
  text: string;
  /** Head office's time when the customer did the step (ISO-8601 UTC). */
  at: string;
}

/** The session's part of the signature receipt: what was checked and confirmed, with head office's times. */
export interface ScriptTranscript {
  identityCheckedAt: string;
  /** SHA-256 of the face snapshot the phone took with the ID photo that passed (head office keeps the JPEG). */
  faceSnapshotDigest: string;
  confirmations: { step: string; text: string; at: string }[];
}

export type ScriptRefusal = 'notCurrentStep' | 'stepNotDone' | 'notYourStep' | 'idMismatch' | 'scriptIncomplete';

const REFUSALS: Record<ScriptRefusal, string> = {
  notCurrentStep: '面签流程已进入其他步骤，请按当前步骤操作 (not the current step of the script)',
  stepNotDone: '客户尚未完成当前步骤，不能进入下一步 (the customer has not done this step yet)',
  notYourStep: '此步骤应由另一方操作 (this step is done by the other side)',
  idMismatch: '身份证与客户档案不一致，请重新拍摄或核实身份 (the ID card does not match the file)',
  scriptIncomplete: '面签流程尚未完成（身份核验、风险提示确认），暂不能签署 (the script is not complete)',
};

export class ScriptRefused extends Error {
  constructor(readonly reason: ScriptRefusal, detail?: string) {
    super(detail ? `${REFUSALS[reason]}：${detail}` : REFUSALS[reason]);
  }
}

export interface ScriptView {
  steps: ScriptStep[];
  /** Index of the step the session is at. */
  current: number;
  done: StepRecord[];
  /** The last ID check, also when it failed (the desk shows what did not match). */
  idCheck: (IdCheck & { at: string }) | null;
}

export interface SessionScript {
  view(): ScriptView;
  /**
   * The customer's ID photo, checked by head office's OCR (the caller runs it); a mismatch is refused with what differed.
   * `faceDigest`: the face snapshot taken with that photo; the one of the photo that passed goes into the transcript.
   */
  identityChecked(check: IdCheck, faceDigest: string): ScriptView;
  /** The customer's tap on the clause being read. */
  confirm(stepId: string): ScriptView;
  /** The customer manager moves on once the customer has done the current step. */
  advance(): ScriptView;
  /** For the receipt: throws unless every step before signing is done. */
  transcript(): ScriptTranscript;
}

export function openSessionScript(clauses: readonly string[], clock: () => number = Date.now): SessionScript {
  const steps: ScriptStep[] = [
    { id: 'identity', kind: 'identity', text: '请客户将身份证人像面对准手机摄像头拍照，核对身份。' },
    ...clauses.map((text, i) => ({ id: `clause-${i + 1}`, kind: 'clause' as const, text })),
    { id: 'sign', kind: 'sign', text: '请客户核对主要条款，在手机上签名并输入短信验证码。' },
  ];
  let current = 0;
  const done = new Map<string, StepRecord>();
  let idCheck: ScriptView['idCheck'] = null;
  let faceSnapshotDigest = '';
  const now = () => new Date(clock()).toISOString();
  const view = (): ScriptView => ({ steps, current, done: [...done.values()], idCheck });
  const expectStep = (kind: StepKind, id?: string) => {
    const step = steps[current]!;
    if (step.kind !== kind || (id !== undefined && step.id !== id)) throw new ScriptRefused('notCurrentStep');
    return step;
  };
  const record = (step: ScriptStep) => done.set(step.id, { step: step.id, kind: step.kind, text: step.text, at: now() });

  return {
    view,
    identityChecked(check, faceDigest) {
      const step = expectStep('identity');
      idCheck = { ...check, at: now() };
      if (!check.matched) throw new ScriptRefused('idMismatch', check.differences.join('；'));
      faceSnapshotDigest = faceDigest;
      record(step);
      return view();
    },
    confirm(stepId) {
      record(expectStep('clause', stepId));
      return view();
    },
    advance() {
      const step = steps[current]!;
      if (step.kind === 'sign') throw new ScriptRefused('notYourStep');
      if (!done.has(step.id)) throw new ScriptRefused('stepNotDone');
      current += 1;
      return view();
    },
    transcript() {
      if (steps[current]!.kind !== 'sign') throw new ScriptRefused('scriptIncomplete');
      return {
        identityCheckedAt: done.get('identity')!.at,
        faceSnapshotDigest,
        confirmations: [...done.values()].filter((r) => r.kind === 'clause').map(({ step, text, at }) => ({ step, text, at })),
      };
    },
  };
}

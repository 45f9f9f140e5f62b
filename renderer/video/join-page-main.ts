import { joinMediaRoom, JoinRefused, type InvestigationView, type MediaSession, type ScriptView } from './media-session';
import { describeLink, describePause, gradeOf, readLinkStats } from './link-quality';
import { blobToBase64, jpegOf } from './desk-recorder';
import { startSessionRecorder, type SessionRecorder } from './session-recorder';

// The page a customer opens on the phone from the one-time link (also the desk's and the tablet's view of the room
// until the desk screen embeds it). Token in the URL fragment: it never reaches a server log or a Referer header.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const status = $('status');
  const token = new URLSearchParams(location.hash.slice(1)).get('t');
  if (!token) {
    status.textContent = '链接不完整，请使用短信或二维码中的完整链接 (incomplete link)';
    return;
  }
  status.textContent = '正在打开摄像头和麦克风… (opening camera and microphone)';
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: 'user', width: 640, height: 480 } });
  } catch {
    status.textContent = '无法使用摄像头或麦克风，请在浏览器设置中允许 (camera/microphone not allowed)';
    return;
  }
  $<HTMLVideoElement>('local').srcObject = stream;
  const remote = new MediaStream();
  const remoteVideo = $<HTMLVideoElement>('remote');
  remoteVideo.srcObject = remote;
  // Join time as the user feels it: from opening the link (navigation start = 0) to the first frame of the other side.
  remoteVideo.requestVideoFrameCallback(() => {
    remoteVideo.dataset.firstFrameMs = String(Math.round(performance.now()));
  });
  status.textContent = '正在连接… (connecting)';
  let session: MediaSession;
  let recorder: SessionRecorder | null = null;
  try {
    session = await joinMediaRoom({
      baseUrl: location.origin,
      token,
      stream,
      onTrack: (track, kind) => {
        remote.addTrack(track);
        if (kind === 'audio') recorder?.addAudio(track);
      },
    });
  } catch (err) {
    status.dataset.refused = err instanceof JoinRefused ? err.reason : 'error';
    status.textContent = err instanceof Error ? err.message : String(err);
    return;
  }
  document.body.dataset.role = session.role;
  status.textContent = session.role === 'customer' ? '已连接，请面对镜头 (connected)' : '已连接客户经理端 (connected)';
  const link = $('link');
  const paused = $('link-paused');
  setInterval(() => {
    void Promise.all([readLinkStats(session.recvTransport, session.sendTransport), session.link().catch(() => null)]).then(([stats, view]) => {
      link.textContent = describeLink(stats, view);
      link.dataset.grade = gradeOf(stats, view);
      link.dataset.frameHeight = String(stats.frameHeight ?? 0);
      link.dataset.sentHeight = String(stats.sentHeight ?? 0);
      link.dataset.framesDecoded = String(stats.framesDecoded);
      link.dataset.audioPackets = String(stats.audioPackets);
      link.dataset.videoPaused = String(!!view?.receiving?.videoPaused);
      link.dataset.peerVideoPaused = String(!!view?.sending?.videoPaused);
      link.dataset.rung = `${view?.receiving?.rung ?? 0}/${view?.receiving?.rungs ?? 0}`;
      paused.textContent = describePause(view);
      paused.hidden = !paused.textContent;
    });
  }, 1000);
  if (session.role === 'manager' && session.signing) {
    // The desk records the session from its start until the customer signs (the script's last step).
    recorder = startSessionRecorder(remoteVideo, $<HTMLVideoElement>('local'), stream);
    remote.getAudioTracks().forEach((track) => recorder!.addAudio(track));
    $('recording').textContent = '正在录像… (recording the session)';
  }
  if (session.signing) runScript(session, () => recorder);
  if (session.investigation) runInvestigation(session, remoteVideo);
  addEventListener('pagehide', () => void session.close());
}

// Times as the branch reads them (Beijing time), from head office's UTC stamps.
const clockTime = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const refusal = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The script, as head office keeps it: both sides poll it. The customer takes the ID photo and confirms each clause;
 * the manager moves on; the signing panel opens on the customer's phone at the last step.
 */
function runScript(session: MediaSession, recording: () => SessionRecorder | null): void {
  const panel = $('script');
  const result = $('script-result');
  const photoLabel = $('id-photo-label');
  const confirm = $<HTMLButtonElement>('confirm');
  const next = $<HTMLButtonElement>('next');
  const customer = session.role === 'customer';
  panel.hidden = false;
  let signingShown = false;
  let busy = false;
  let shownStep = '';
  let focusedFor = '';
  let saving = false;

  const render = (view: ScriptView, signed: boolean) => {
    const done = new Map(view.done.map((d) => [d.step, d.at]));
    $('steps').replaceChildren(...view.steps.map((step, i) => {
      const li = document.createElement('li');
      li.dataset.step = step.id;
      li.textContent = step.kind === 'identity' ? '身份核验 Identity' : step.kind === 'sign' ? '客户签署 Signature' : step.text;
      if (i === view.current) li.setAttribute('aria-current', 'step');
      const at = done.get(step.id) ?? (step.kind === 'sign' && signed ? 'signed' : undefined);
      if (at) li.append(Object.assign(document.createElement('span'), { className: 'at', textContent: at === 'signed' ? '✓ 已签署' : `✓ ${clockTime(at)}` }));
      return li;
    }));
    const step = view.steps[view.current]!;
    const stepDone = done.has(step.id);
    panel.dataset.current = step.id;
    $('step-now').textContent = step.kind === 'clause'
      ? `${customer ? '请听客户经理宣读并确认' : '请向客户宣读'}：${step.text}`
      : step.text;
    photoLabel.hidden = !(customer && step.kind === 'identity' && !stepDone);
    confirm.hidden = !(customer && step.kind === 'clause' && !stepDone);
    next.hidden = customer || step.kind === 'sign';
    next.disabled = !stepDone;
    if (view.idCheck && step.kind === 'identity') {
      result.textContent = view.idCheck.matched ? `身份证核对一致 ✓ ${clockTime(view.idCheck.at)} (ID card matches the file)` : `身份证核对不一致：${view.idCheck.differences.join('；')}`;
    } else if (!customer && step.kind === 'sign') {
      result.textContent = signed ? '客户已签署 (signed)' : '等待客户签署… (waiting for the signature)';
    } else if (step.id !== shownStep) {
      result.textContent = '';
    }
    // Focus follows the script: the customer's next tap (or the manager's Next) is one key away.
    if (step.id !== shownStep) {
      shownStep = step.id;
      if (customer && step.kind === 'clause') confirm.focus();
    }
    if (!customer && stepDone && focusedFor !== step.id) {
      focusedFor = step.id;
      next.focus();
    }
    const recorder = recording();
    if (recorder && step.kind === 'sign' && !saving) {
      saving = true;
      void saveRecording(session, recorder);
    }
    if (customer && step.kind === 'sign' && !signingShown) {
      signingShown = true;
      showSigning(session);
    }
  };

  const act = async (fn: () => Promise<{ script: ScriptView }>) => {
    if (busy) return;
    busy = true;
    try {
      render((await fn()).script, false);
    } catch (err) {
      result.textContent = refusal(err);
    } finally {
      busy = false;
    }
  };

  confirm.addEventListener('click', () => void act(() => session.confirm(shownStep)));
  next.addEventListener('click', () => void act(() => session.advance()));
  $<HTMLInputElement>('id-photo').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    // The face as the phone's own camera sees it now (not as it reached the desk through the SFU): head office keeps
    // the one taken with the card that passed, and the receipt names its digest.
    const face = $<HTMLVideoElement>('local');
    if (!face.videoWidth) {
      result.textContent = '摄像头尚未出画面，请稍候再拍 (the camera has no picture yet)';
      return;
    }
    result.textContent = '正在核对身份证… (checking the ID card)';
    void act(async () => session.sendIdPhoto(await blobToBase64(file), await blobToBase64(await jpegOf(face, 640))));
  });
  const poll = async () => {
    if (!busy) {
      try {
        const { script, signed } = await session.script();
        render(script, signed);
      } catch {
        // The next poll tries again; a lost room shows in the join status.
      }
    }
    setTimeout(() => void poll(), 1000);
  };
  void poll();
}

/**
 * The script reached signing: the recording (identity and every spoken confirmation) is finished and goes to head
 * office, which binds its digest into the customer's signature receipt.
 */
async function saveRecording(session: MediaSession, recorder: SessionRecorder): Promise<void> {
  const status = $('recording');
  status.textContent = '正在保存录像… (saving the recording)';
  try {
    const { blob, digest, durationMs } = await recorder.stop();
    const done = await session.uploadRecording(blob, digest, durationMs, (sent) => {
      status.textContent = `正在上传录像 ${Math.round((sent / blob.size) * 100)}% (uploading)`;
    });
    status.dataset.digest = done.digest;
    status.textContent = `录像已上传 ${Math.round(done.size / 1024)} KB · ${done.digest.slice(0, 19)}… (recording uploaded)`;
  } catch (err) {
    status.textContent = `录像保存失败：${refusal(err)}`;
  }
}

function showSigning(session: MediaSession): void {
  const signing = session.signing!;
  const panel = $('sign');
  const result = $('sign-result');
  panel.hidden = false;
  $('terms').replaceChildren(...signing.terms.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
  if (signing.signed) {
    result.textContent = '本合同已签署 (already signed)';
    return;
  }
  const pad = $<HTMLCanvasElement>('pad');
  const ink = pad.getContext('2d')!;
  ink.lineWidth = 3;
  ink.lineCap = 'round';
  let strokes = 0;
  let drawing = false;
  const at = (e: PointerEvent) => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height] as const;
  };
  pad.addEventListener('pointerdown', (e) => {
    drawing = true;
    strokes += 1;
    ink.beginPath();
    ink.moveTo(...at(e));
  });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    ink.lineTo(...at(e));
    ink.stroke();
  });
  pad.addEventListener('pointerup', () => (drawing = false));
  $('sign-clear').addEventListener('click', () => {
    ink.clearRect(0, 0, pad.width, pad.height);
    strokes = 0;
  });
  $('sign-submit').addEventListener('click', () => {
    const code = $<HTMLInputElement>('code').value.trim();
    if (strokes === 0) {
      result.textContent = '请先在签名框内签名 (draw the signature first)';
      return;
    }
    if (!/^\d{6}$/.test(code)) {
      result.textContent = '请输入短信中的6位验证码 (the 6-digit code)';
      return;
    }
    const signaturePng = pad.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
    result.textContent = '正在签署… (signing)';
    session.sign({ contractDigest: signing.contractDigest, recordingDigest: null, code, signaturePng }).then(
      ({ receipt }) => {
        result.dataset.signed = 'true';
        result.dataset.signatureDigest = String(receipt.signatureDigest);
        result.textContent = `已签署 Signed · ${String(receipt.signedAt)}`;
      },
      (err: unknown) => {
        result.textContent = err instanceof Error ? err.message : String(err);
      },
    );
  });
}

/**
 * 视频防伪调查: the desk lists the product's checklist with a snapshot button per item (the picture the customer's phone
 * sends, taken here, stamped with time and place at head office); the phone offers its location when allowed.
 */
function runInvestigation(session: MediaSession, remoteVideo: HTMLVideoElement): void {
  $('investigation').hidden = false;
  const result = $('investigation-result');
  if (session.role === 'customer') {
    result.textContent = '请按客户经理的要求，将镜头对准经营场所、存货或住房等 (show what the customer manager asks for)';
    navigator.geolocation?.watchPosition(
      (p) => void session.locate({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy) }).catch(() => undefined),
      () => undefined,
      { enableHighAccuracy: true, maximumAge: 30_000 },
    );
  }
  const render = (view: InvestigationView) => {
    $('checklist').replaceChildren(...view.checklist.map((item) => {
      const li = document.createElement('li');
      li.dataset.item = item.code;
      li.textContent = `${item.label}${item.snapshots ? ` ✓ ${item.snapshots} 张` : ''}`;
      if (session.role === 'manager') {
        const button = Object.assign(document.createElement('button'), { type: 'button', textContent: '截图 Snapshot' });
        button.dataset.testid = `snapshot-${item.code}`;
        button.addEventListener('click', () => void take(item.code, item.label));
        li.append(button);
      }
      return li;
    }));
  };
  const take = async (code: string, label: string) => {
    if (!remoteVideo.videoWidth) {
      result.textContent = '尚未收到客户画面，无法截图 (no picture from the customer yet)';
      return;
    }
    try {
      const jpeg = await jpegOf(remoteVideo, remoteVideo.videoWidth);
      const { investigation } = await session.snapshot(code, await blobToBase64(jpeg));
      const last = investigation.snapshots.at(-1)!;
      const place = last.location ? `，位置 ${last.location.latitude.toFixed(5)}, ${last.location.longitude.toFixed(5)}` : '，手机未提供位置';
      result.textContent = `已截图：${label} ${clockTime(last.at)}${place}`;
      render(investigation);
    } catch (err) {
      result.textContent = refusal(err);
    }
  };
  render(session.investigation!);
}

void start();

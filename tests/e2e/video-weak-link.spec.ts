import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices, expect, test, type Page } from '@playwright/test';
import { startLinkSim, type LinkSim } from '../../bench/support/link-sim';
import { mediaServerForSpec } from './support/media-server';

// 视频面签 on a weak village link: the phone's media goes through the project's link simulator, and head office's SFU
// forwards it a lower simulcast layer than the desk sends, while both sides are told the link quality.
//
// The fake camera plays a file of noise (made here): every layer then needs its full bit rate (120 / 350 / 900 kbit/s),
// so which layer reaches the phone depends on the link alone — Chromium's default moving pattern compresses so well that
// even its top layer fits a village line.

function noiseCamera(): string {
  const [w, h, frames] = [640, 480, 8];
  const header = new TextEncoder().encode(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`);
  const frameTag = new TextEncoder().encode('FRAME\n');
  const frameBytes = frameTag.length + w * h * 1.5;
  const y4m = new Uint8Array(header.length + frames * frameBytes).fill(128); // chroma stays grey
  y4m.set(header);
  for (let i = 0; i < frames; i++) {
    const at = header.length + i * frameBytes;
    y4m.set(frameTag, at);
    y4m.set(new Uint8Array(randomBytes(w * h)), at + frameTag.length);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'jingwei-camera-')), 'noise.y4m');
  writeFileSync(file, y4m);
  return file;
}

const server = mediaServerForSpec(noiseCamera());

const JOIN = 60_000;
type LinkKey = 'framesDecoded' | 'frameHeight' | 'sentHeight' | 'audioPackets';
const linkData = (page: Page, key: LinkKey) =>
  page.getByTestId('link-quality').evaluate((el, k) => Number((el as HTMLElement).dataset[k] ?? 0), key);
const linkFlag = (page: Page, key: 'videoPaused' | 'peerVideoPaused' | 'grade' | 'rung') =>
  page.getByTestId('link-quality').evaluate((el, k) => (el as HTMLElement).dataset[k] ?? '', key);

test('on a weak village link head office lowers the phone\'s picture, then pauses its video and keeps the voice; both sides are told', async ({ page, browser }) => {
  // In the suite: the cap and the pause, each seen by both sides (about a minute on a quiet machine; the waits below
  // leave room for a loaded one). The recovery after the pause stays opt-in (JINGWEI_VIDEO_WEAK_LINK=1): while the video
  // is paused mediasoup keeps probing the line, so on the simulated 70 kbit/s the round trip can stay high for minutes
  // at load 45+, which head office cannot tell from a queue on the line.
  // The test's budget is the sum of its waits (join 60 s, first frame 90, cap 60, pause 60, the rest ~60): at load 45–50
  // the steps before the drop alone took 3.5 min, and a budget of 4 ran out 11 s after the drop, 2 s after head office
  // had paused the video. A run on a quiet machine still takes about a minute.
  test.setTimeout(420_000);
  const startedAt = new Date().toISOString();
  const media = server();
  const room = await media.openRoom('APP-VIDEO-WEAK');
  await page.goto(media.joinUrl(room.manager.token));
  const customer = await (await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' })).newPage();
  // The phone's media reaches head office over ICE-TCP through the project's link simulator (bench/support/link-sim.ts,
  // 300 kbit/s, 60 ms each way) — the way a NAT would rewrite the address: head office's answer to the phone's second
  // createTransport (its receiving transport) is given the simulator's port instead of the SFU's, and no UDP path.
  const sims: LinkSim[] = [];
  let transports = 0;
  let [droppedAt, pausedAt]: (number | null)[] = [null, null];
  await customer.route('**/media/peer/createTransport', async (route) => {
    const response = await route.fetch();
    const answer = (await response.json()) as { iceCandidates: { protocol: string; address: string; port: number }[] };
    if (++transports !== 2) return route.fulfill({ response, json: answer });
    const tcp = answer.iceCandidates.filter((c) => c.protocol === 'tcp');
    const iceCandidates = await Promise.all(tcp.map(async (c) => {
      const sim = await startLinkSim({ target: { host: c.address, port: c.port }, bandwidthBps: 300_000, latencyMs: 60 });
      sims.push(sim);
      return { ...c, port: sim.port };
    }));
    return route.fulfill({ response, json: { ...answer, iceCandidates } });
  });
  try {
    await customer.goto(media.joinUrl(room.customer.token));
    await expect(customer.getByTestId('join-status')).toContainText('已连接', { timeout: JOIN });
    await expect.poll(() => linkData(customer, 'framesDecoded'), { timeout: 90_000 }).toBeGreaterThan(0);
    // Behind 300 kbit/s the desk's 240p layer (≈350 kbit/s of noise) does not fit. Either it queues on the line and head
    // office caps what it forwards to the phone below the top rung (domain/video/layer-policy.ts), or mediasoup's own
    // estimate never lets it through (seen in CI on a quiet machine: no queue for the policy to see): either way the phone
    // gets a rung below the top, and is told the line is only fair (or poor).
    // The rung flag reads "received/offered" (rung 0 while the video is paused).
    const heldBelow = (rung: string) => {
      const [received, offered] = rung.split('/').map(Number) as [number, number];
      return received < offered;
    };
    // The phone is told while its picture is capped (on a loaded machine head office may go on to pause the video
    // before the samples below end, so the label is read at the cap, not after them). What was read last is said when
    // it never comes.
    const told = () => customer.getByTestId('link-quality').textContent();
    const read: string[] = [];
    const cappedAndTold = async () => {
      const [rung, label] = [await linkFlag(customer, 'rung'), (await told()) ?? ''];
      read.push(`rung ${rung}: ${label}`);
      return !rung.startsWith('0/') && heldBelow(rung) && /网络 (一般 fair|差 poor) · 画面 \d+p · 发送 \d+p/.test(label);
    };
    await expect.poll(cappedAndTold, { timeout: 60_000 }).toBe(true)
      .catch((e: Error) => { throw new Error(`${e.message}\nthe phone's last readings:\n${read.slice(-6).join('\n')}`); });
    const seen: { received: number; sent: number; rung: string }[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push({ received: await linkData(customer, 'frameHeight'), sent: await linkData(page, 'sentHeight'), rung: await linkFlag(customer, 'rung') });
      await customer.waitForTimeout(1000);
    }
    // A climb is tried now and then (each failed one doubles the wait): most of the time the picture is lower — below
    // what the desk sends, or held to a lower rung while the desk's own encoder has stepped down too (on a busy machine
    // Chromium lowers the desk's top layer for CPU, and then received and sent are the same low height), or paused: at
    // load 35 the busy machine's own delays queued even the lowest picture and head office paused it (rung 0/3).
    const lower = seen.filter((s) => s.received > 0 && (s.received < s.sent || (heldBelow(s.rung) && s.received <= s.sent))).length;
    expect(lower, JSON.stringify(seen)).toBeGreaterThanOrEqual(4);
    expect(sims.reduce((n, s) => n + s.stats().downBytes, 0)).toBeGreaterThan(50_000);
    // The desk is told the phone's link too.
    await expect(page.getByTestId('link-quality')).toContainText(/对方网络 (一般 fair|差 poor)/);

    // The line drops to 70 kbit/s: not even the lowest picture fits beside the voice. Head office pauses the video and
    // the voice keeps coming; both sides say so.
    sims.forEach((s) => s.setBandwidth(70_000));
    droppedAt = Date.now();
    await expect.poll(() => linkFlag(customer, 'videoPaused'), { timeout: 60_000 }).toBe('true');
    pausedAt = Date.now();
    console.log(`video paused ${pausedAt - droppedAt} ms after the line dropped to 70 kbit/s`);
    // Both sides say so while it is paused. Head office tries the lowest picture again after six clear seconds (a
    // trial, given up at once on this line, each failure doubling the wait): on a busy machine the checks can fall in
    // one, so they are read together, in a paused second.
    const saidPaused = async () =>
      (await linkFlag(customer, 'videoPaused')) === 'true'
      && ((await customer.getByTestId('link-paused').textContent()) ?? '').includes('视频已暂停，语音继续')
      && ((await customer.getByTestId('link-quality').textContent()) ?? '').includes('网络 差 poor · 视频已暂停')
      && ((await page.getByTestId('link-paused').textContent()) ?? '').includes('对方网络较差');
    await expect.poll(saidPaused, { timeout: 60_000 }).toBe(true);
    const voice = await linkData(customer, 'audioPackets');
    await expect.poll(() => linkData(customer, 'audioPackets'), { timeout: 10_000 }).toBeGreaterThan(voice + 50);

    // The line recovers: the video comes back (opt-in, see above).
    if (process.env.JINGWEI_VIDEO_WEAK_LINK !== '1') return;
    sims.forEach((s) => s.setBandwidth(2_000_000));
    await expect.poll(() => linkFlag(customer, 'videoPaused'), { timeout: 90_000 }).toBe('false');
    await expect(customer.getByTestId('link-paused')).toBeHidden();
    const decoded = await linkData(customer, 'framesDecoded');
    await expect.poll(() => linkData(customer, 'framesDecoded'), { timeout: 20_000 }).toBeGreaterThan(decoded);
  } finally {
    // Head office's samples and decisions for the phone, one file per run ({run} in the path: worker and repeat),
    // headed by the moment the line dropped to 70 kbit/s.
    const out = process.env.JINGWEI_LINK_LOG_OUT;
    if (out) {
      const log = media.linkLog().filter((e) => e.role === 'customer' && e.at >= startedAt);
      const run = `${test.info().workerIndex}-${test.info().repeatEachIndex}`;
      const head = { droppedAt: droppedAt && new Date(droppedAt).toISOString(), pausedAt: pausedAt && new Date(pausedAt).toISOString() };
      writeFileSync(out.replace('{run}', run), [head, ...log].map((e) => JSON.stringify(e)).join('\n'));
    }
    await Promise.all(sims.map((s) => s.close()));
  }
});

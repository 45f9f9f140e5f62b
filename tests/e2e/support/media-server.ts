import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { generateHeadOfficeKeys, saveHeadOfficeKeys, trustRootOf, type HeadOfficeKeys } from '../../../trust/head-office-keys';
import type { TrustRoot } from '../../../trust/trust-root';
import { DEFAULT_RULE_SETS, ruleSetDigest, videoScriptOf } from '../../../domain/credit/rules';
import type { LinkLogEntry } from '../../../sync-server/media/link-control';
import { REPO_ROOT } from './host';
import { awaitMediaWorker, mediaWorkerWaitBudgetMs } from './media-worker';

// Head office's media server (`jingwei media`) as a child process on 127.0.0.1, ports from the OS.

export interface MediaServerProcess {
  url: string;
  key: string;
  pid: number;
  /** Head office's trust root: receipts of the customer's signature verify against it. */
  trust: TrustRoot;
  /** Opens (or reopens) the room of an application: one-time manager and customer tokens. */
  openRoom(applicationId: string, room?: RoomOptions): Promise<RoomTokens>;
  /** The last signing code head office sent to a phone (the messages file stands in for the SMS gateway). */
  lastCode(phone: string): string;
  /** The last join link head office texted to a phone ('' when none). */
  lastLink(phone: string): string;
  joinUrl(token: string): string;
  /** Head office's link decisions so far (`jingwei media --link-log`): one entry per receiver per second. */
  linkLog(): LinkLogEntry[];
  stop(): Promise<void>;
}

export interface RoomOptions {
  purpose?: 'face-sign' | 'investigation';
  contractDigest?: string;
  terms?: string[];
  customerPhone?: string;
  customerName?: string;
  customerIdNumber?: string;
  clauses?: string[];
}

export interface RoomTokens {
  roomId: string;
  manager: { token: string; expiresAt: string };
  customer: { token: string; expiresAt: string };
}

/**
 * `keys`: head office's keys to sign receipts with (e.g. the ones a branch host of the same spec trusts);
 * `textsPerHour`: the branch key's text cap, for a bench opening more rooms an hour than a branch would (default 60).
 */
export async function startMediaServer(keys: HeadOfficeKeys = generateHeadOfficeKeys(false), textsPerHour?: number): Promise<MediaServerProcess> {
  const key = randomBytes(24).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'jingwei-media-'));
  saveHeadOfficeKeys(join(dir, 'head-office-keys.json'), keys);
  const messages = join(dir, 'messages.jsonl');
  const linkLog = join(dir, 'link-log.jsonl');
  const args = ['media', '--port', '0', '--host', '127.0.0.1', '--keys', dir, '--data', dir, '--messages', messages, '--link-log', linkLog, ...(textsPerHour ? ['--texts-per-hour', String(textsPerHour)] : [])];
  const child = spawn(process.execPath, ['bin/jingwei.js', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', JINGWEI_MEDIA_KEY: key },
  });
  const log: string[] = [];
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`media server did not start:\n${log.join('')}`)), 120_000);
    child.stdout.on('data', (c: Buffer) => {
      log.push(c.toString());
      const m = /Jingwei media server: (http:\/\/\S+)/.exec(log.join(''));
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    child.stderr.on('data', (c: Buffer) => log.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`media server exited (${code}):\n${log.join('')}`));
    });
  });
  const lastMatch = (phone: string, pattern: RegExp) => {
    const lines = readFileSync(messages, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: { number?: string }; text: string });
    for (const line of lines.filter((l) => l.to.number === phone).reverse()) {
      const found = pattern.exec(line.text)?.[1];
      if (found) return found;
    }
    return '';
  };
  return {
    url,
    key,
    pid: child.pid!,
    trust: trustRootOf(keys),
    async openRoom(applicationId, room = {}) {
      const { purpose = 'face-sign', ...rest } = room;
      const faceSign = purpose === 'face-sign'
        ? {
          contractDigest: `sha256:${'0'.repeat(64)}`, customerPhone: '13800000000', customerName: '周文博', customerIdNumber: '11010519491231002X',
          ruleSet: { product: 'gold-collar', version: 1, digest: ruleSetDigest(DEFAULT_RULE_SETS['gold-collar']) },
          clauses: videoScriptOf(DEFAULT_RULE_SETS['gold-collar']).riskNotice, ...rest,
        }
        : rest;
      const response = await fetch(`${url}/media/rooms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ applicationId, purpose, ...faceSign }),
      });
      if (!response.ok) throw new Error(`openRoom ${response.status}: ${await response.text()}`);
      return (await response.json()) as RoomTokens;
    },
    lastCode(phone) {
      return lastMatch(phone, /验证码为 (\d{6})/);
    },
    lastLink(phone) {
      return lastMatch(phone, /(https?:\/\/\S+\/media\/join#t=\S+)/);
    },
    joinUrl: (token) => `${url}/media/join#t=${encodeURIComponent(token)}`,
    linkLog: () => (existsSync(linkLog) ? readFileSync(linkLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LinkLogEntry) : []),
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A spec file's media server: Chromium with the fake camera and microphone (or `cameraFile`, a y4m), the server started
 * once for the file and stopped after it. Where set-up could not build the mediasoup worker (or not in time) the
 * file's tests skip, saying why in Chinese and English.
 */
export function mediaServerForSpec(cameraFile?: string, keys?: HeadOfficeKeys): () => MediaServerProcess {
  test.use({
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        ...(cameraFile ? [`--use-file-for-fake-video-capture=${cameraFile}`] : []),
      ],
    },
  });
  let media: MediaServerProcess | undefined;
  test.beforeAll(async () => {
    test.setTimeout(mediaWorkerWaitBudgetMs() + 120_000);
    const missing = await awaitMediaWorker();
    if (missing) console.log(missing);
    test.skip(missing !== null, missing ?? '');
    media = await startMediaServer(keys);
  });
  test.afterAll(async () => {
    await media?.stop();
  });
  return () => media!;
}

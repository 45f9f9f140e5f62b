import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays } from '../../../domain/credit/dates';
import { headerLine } from '../../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../../domain/random';
import { DEFAULT_SEGMENT_RULES } from '../../../domain/value/segment-rules';
import { importFeed, openLedger } from '../../../sync-server/feeds/feed-ledger';
import { trialBalance } from '../../../sync-server/value/points-ledger';
import { generateHeadOfficeKeys, saveHeadOfficeKeys } from '../../../trust/head-office-keys';
import { valueCommand } from './value';

/**
 * Bad input through `jingwei value` as head office's staff type it: each refused with a clear Chinese message and
 * exit code 1, nothing written, the points ledger still balanced.
 */
const ID = residentIdFor(mulberry32(5), 1);
let dir: string;
let ledger: string;

function run(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  return Promise.resolve(valueCommand.run(argv)).then((code) => {
    log.mockRestore();
    err.mockRestore();
    return { code, out: lines.join('\n') };
  });
}

/** Everything the points ledger holds, to show a refusal left it exactly as it was. */
function ledgerState() {
  const db = openLedger(ledger);
  try {
    return { tb: trialBalance(db), rows: ['points_txn', 'points_entry', 'points_balance', 'voucher'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()) };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'value-cli-'));
  ledger = join(dir, 'ledger');
  const db = openLedger(ledger);
  try {
    for (let i = 0; i < 30; i++) {
      const date = addDays('2026-11-01', i);
      const bytes = new TextEncoder().encode(`${headerLine('deposits')}\n600000000000001,${ID},HM01,demand,${(100_000 + i / 100).toFixed(2)}\n`);
      importFeed(db, { kind: 'deposits', date, bytes, now: () => new Date(`${date}T20:00:00Z`) });
    }
  } finally {
    db.close();
  }
  expect((await run('accrue', '--data', ledger, '--month', '2026-11')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingwei value refuses bad input, writing nothing', () => {
  it('negative, fractional or non-numeric points for a voucher', async () => {
    const before = ledgerState();
    expect(before.tb).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 1_100 });
    const voucher = (points: string) => run('voucher', '--data', ledger, '--id', ID, `--points=${points}`, '--partner', 'SHOP01', '--branch', 'HM01');
    // `--points -5` reads as a missing value to any argument parser: the message says how to write a negative number.
    const dashed = await run('voucher', '--data', ledger, '--id', ID, '--points', '-5', '--partner', 'SHOP01', '--branch', 'HM01');
    expect(dashed.code).toBe(2);
    expect(dashed.out).toContain('选项 --points 缺少取值，或取值以“-”开头（负数等请写成 --points=取值，例如 --points=-5）');
    expect(await voucher('-5')).toEqual({ code: 1, out: '拒绝 refused: 兑换积分不正确：积分应大于 0' });
    expect(await voucher('1.5')).toEqual({ code: 1, out: '拒绝 refused: 兑换积分不正确：积分应为整数，不能有小数' });
    expect(await voucher('abc')).toMatchObject({ code: 1, out: expect.stringContaining('兑换积分不正确') });
    expect(await voucher('5000')).toEqual({ code: 1, out: '拒绝 refused: 积分不足：可用 1100 分，兑换需要 5000 分' });
    expect(await run('mall', '--data', ledger, '--id', ID, '--points=-1', '--order', 'M1')).toEqual({ code: 1, out: '拒绝 refused: 支付积分不正确：积分应大于 0' });
    expect(ledgerState()).toEqual(before);
  });

  it('a voucher redeemed twice, or by another shop: the second is refused', async () => {
    const issued = await run('voucher', '--data', ledger, '--id', ID, '--points', '100', '--partner', 'SHOP01', '--branch', 'HM01');
    const code = /券码 (\S+)：100 分/.exec(issued.out)![1]!;
    expect((await run('redeem', '--data', ledger, '--code', code, '--partner', 'SHOP02')).out).toBe(`拒绝 refused: 券码 ${code} 不是本商户（SHOP02）的券，不能核销`);
    expect((await run('redeem', '--data', ledger, '--code', code, '--partner', 'SHOP01')).code).toBe(0);
    const before = ledgerState();
    const replay = await run('redeem', '--data', ledger, '--code', code, '--partner', 'SHOP01');
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(new RegExp(`^拒绝 refused: 券码 ${code} 已于 .+核销，不能重复核销$`));
    expect(ledgerState()).toEqual(before);
    expect(before.tb).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 1_000 });
  });

  it('a segment rule that does not parse: the rules file is refused whole, before anything is read or published', async () => {
    const bad = join(dir, 'segments-v2.json');
    writeFileSync(bad, JSON.stringify({ ...DEFAULT_SEGMENT_RULES, version: 2, segments: [...DEFAULT_SEGMENT_RULES.segments, { code: 'broken', name: '坏规则', rule: 'tier >= gold and' }] }));
    const seg = await run('segments', '--data', ledger, '--date', '2026-12-01', '--segments', bad);
    expect(seg.code).toBe(1);
    expect(seg.out).toMatch(/^拒绝 refused: 规则文件 .*segments-v2\.json 不正确：segments\.4\.rule /);
    // Publishing with it stops at the rules: head office's server (nothing listens here) is never contacted.
    const keys = join(dir, 'keys');
    mkdirSync(keys);
    saveHeadOfficeKeys(join(keys, 'head-office-keys.json'), generateHeadOfficeKeys(true));
    vi.stubEnv('JINGWEI_FEED_USER', 'hq-feeds');
    vi.stubEnv('JINGWEI_FEED_PASSWORD', 'feeds-password-01');
    try {
      const pub = await run('publish', '--data', ledger, '--remote', 'http://127.0.0.1:9', '--date', '2026-12-01', '--keys', keys, '--segments', bad);
      expect(pub.code).toBe(1);
      expect(pub.out).toMatch(/^发布失败 publish failed: 规则文件 .*segments-v2\.json 不正确：segments\.4\.rule /);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a partner enrolled twice with one phone, a wrong kind or phone; a commission rules file with a negative rate', async () => {
    const qr = join(dir, 'partner.svg');
    const ok = await run('partner', '--data', ledger, '--branch', 'HM01', '--name', '张记五金', '--kind', 'merchant', '--phone', '13903570001', '--qr', qr);
    expect(ok.code).toBe(0);
    const code = /推荐码 (HM01-[2-9A-HJKMNP-Z]{6})，推荐二维码/.exec(ok.out)![1]!;
    expect(readFileSync(qr, 'utf8')).toMatch(/^<svg/);
    expect(ok.out).toContain(`QR text JINGWEI-PARTNER:${code}`);
    const again = await run('partner', '--data', ledger, '--branch', 'HM01', '--name', '张记五金店', '--kind', 'merchant', '--phone', '13903570001');
    expect(again).toEqual({ code: 1, out: `拒绝 refused: 手机号 13903570001 已在 HM01 登记为合伙人（推荐码 ${code}），不能重复登记` });
    expect((await run('partner', '--data', ledger, '--branch', 'HM01', '--name', '李', '--kind', 'shop', '--phone', '13903570002')).code).toBe(2);
    expect((await run('partner', '--data', ledger, '--branch', 'HM01', '--name', '李', '--kind', 'merchant', '--phone', '1390357')).out).toContain('应为11位手机号码');
    const rules = join(dir, 'commission-v2.json');
    writeFileSync(rules, JSON.stringify({ version: 2, perApplicationFen: 2000, loanBp: -30, perLoanCapFen: 50000, monthlyCapFen: 1000000 }));
    vi.stubEnv('JINGWEI_FEED_USER', 'hq-feeds');
    vi.stubEnv('JINGWEI_FEED_PASSWORD', 'feeds-password-01');
    try {
      const st = await run('commission', '--data', ledger, '--remote', 'http://127.0.0.1:9', '--month', '2026-11', '--branches', 'HM01', '--keys', join(dir, 'keys'), '--commission', rules);
      expect(st.code).toBe(1);
      expect(st.out).toMatch(/^拒绝 refused: 规则文件 .*commission-v2\.json 不正确：loanBp /);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a central task assignment with a bad kind, product, count or date: refused before anything is sent', async () => {
    vi.stubEnv('JINGWEI_FEED_USER', 'hq-feeds');
    vi.stubEnv('JINGWEI_FEED_PASSWORD', 'feeds-password-01');
    try {
      const assign = (...more: string[]) => run('assign', '--remote', 'http://127.0.0.1:9', '--branch', 'HM01', '--grid', 'G01', '--assignee', 'M001', '--due', '2099-01-01', ...more);
      expect(await assign('--kind', 'call')).toMatchObject({ code: 2, out: expect.stringContaining('任务类型 task kind: visit|cross-sell|file-merchant') });
      expect(await assign('--kind', 'cross-sell', '--product', 'gold-bar')).toMatchObject({ code: 2, out: expect.stringContaining('营销产品') });
      expect(await assign('--kind', 'visit', '--count', '0')).toMatchObject({ code: 2, out: expect.stringContaining('1–500 的整数') });
      expect(await assign('--kind', 'visit', '--count', '501')).toMatchObject({ code: 2, out: expect.stringContaining('1–500 的整数') });
      expect(await assign('--kind', 'visit', '--due', '2099-02-30')).toMatchObject({ code: 2, out: expect.stringContaining('应为有效日期') });
      // Well-formed arguments still meet the assignment's own rules, checked before head office's database is asked.
      expect(await assign('--kind', 'cross-sell')).toMatchObject({ code: 1, out: '拒绝 refused: 交叉营销任务须指定营销产品（--product）' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

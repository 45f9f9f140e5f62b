import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLedger } from '../../../sync-server/feeds/feed-ledger';
import { feedCommand } from './feed';

// `jingwei feed import` as head office's IT runs it, on the shipped generator's files and damaged copies of them:
// every bad file is refused with exit code 1, its line numbers on stderr, and the ledger exactly as it was.

const D1 = '2026-03-02';
const D2 = '2026-03-03';
let dir: string;
let files: string;
let data: string;

async function feed(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await feedCommand.run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Every table of the ledger, to show a refusal changed nothing. */
function ledgerContents(): unknown[] {
  const db = openLedger(data);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return tables.map(({ name }) => db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all());
  } finally {
    db.close();
  }
}

function damaged(kind: string, date: string, change: (text: string) => string | Uint8Array): string {
  const file = join(dir, `${kind}-${date}-damaged-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, change(readFileSync(join(files, `${date}-${kind}.csv`), 'utf8')));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feed-cli-'));
  files = join(dir, 'files');
  data = join(dir, 'ledger');
  expect((await feed('generate', '--out', files, '--start', D1, '--days', '2', '--loans', '300', '--seed', '5')).code).toBe(0);
  for (const kind of ['loans', 'deposits', 'events', 'repayments']) {
    const r = await feed('import', '--data', data, '--kind', kind, '--date', D1, join(files, `${D1}-${kind}.csv`));
    expect(r.code, r.err).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jingwei feed import refuses bad files, naming the lines, and changes nothing', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'malformed: an amount with three decimals and a line with a column missing',
      () => ['--kind', 'loans', '--date', D2, damaged('loans', D2, (t) => {
        const lines = t.split('\n');
        lines[2] = lines[2]!.replace(/,(\d+)\.(\d\d),/, ',$1.$2' + '5,');
        lines[5] = lines[5]!.split(',').slice(0, 14).join(',');
        return lines.join('\n');
      })],
      /文件有2处错误[\s\S]*第3行 字段「[^」]+」：应为不带千分位的元金额[\s\S]*第6行：应有15列，实际14列/,
    ],
    [
      'truncated in transfer, in the middle of a line',
      () => ['--kind', 'repayments', '--date', D2, damaged('repayments', D2, (t) => t.slice(0, Math.floor(t.length / 2)))],
      /文件不完整：第\d+行（最后一行）没有换行符/,
    ],
    [
      'a line repeated inside the file',
      () => ['--kind', 'repayments', '--date', D2, damaged('repayments', D2, (t) => {
        const lines = t.trimEnd().split('\n');
        return [...lines, lines[1]].join('\n') + '\n';
      })],
      /第\d+行 字段「交易流水号\(txn_id\)」：本文件中已有交易 T\d+（重复的行）/,
    ],
    [
      'yesterday\'s file again under today\'s date',
      () => ['--kind', 'loans', '--date', D2, join(files, `${D1}-loans.csv`)],
      /该文件已导入过（相同摘要，贷款台账 2026-03-02）/,
    ],
    [
      'out of order: a date before the last applied one',
      () => ['--kind', 'loans', '--date', '2026-03-01', join(files, `${D2}-loans.csv`)],
      /日期顺序错误：贷款台账 已导入到 2026-03-02，不能再导入更早的 2026-03-01/,
    ],
    [
      'wrong encoding: exported as UTF-16',
      () => ['--kind', 'loans', '--date', D2, damaged('loans', D2, (t) => new Uint8Array(Buffer.from('\uFEFF' + t, 'utf16le')))],
      /文件编码不正确：第1行起含有空字节/,
    ],
  ];

  it.each(cases)('%s', async (_what, args, message) => {
    const before = ledgerContents();
    const r = await feed('import', '--data', data, ...args());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^拒绝导入 refused: /);
    expect(r.err).toMatch(message);
    expect(ledgerContents()).toEqual(before);
  });

  it('the undamaged files of the next day then import', async () => {
    for (const kind of ['loans', 'deposits', 'events', 'repayments']) {
      const r = await feed('import', '--data', data, '--kind', kind, '--date', D2, join(files, `${D2}-${kind}.csv`));
      expect(r.code, r.err).toBe(0);
    }
  });
});

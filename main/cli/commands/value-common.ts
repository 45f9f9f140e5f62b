import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Database } from '../../../db/sqlite';
import { DEFAULT_VALUE_RULES, valueRulesSchema, type ValueRules } from '../../../domain/value/value-rules';
import { DEFAULT_SEGMENT_RULES, segmentRulesSchema, type SegmentRules } from '../../../domain/value/segment-rules';
import { openLedger } from '../../../sync-server/feeds/feed-ledger';
import { ValueRefusal } from '../../../sync-server/value/points-ledger';

/** What every `jingwei value` subcommand shares: head office's rule files and its ledger, opened and always closed. */

export const fen = (n: number) => `${(n / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

export const loadRules = (file: string | undefined): ValueRules => loadRuleFile(file, valueRulesSchema, DEFAULT_VALUE_RULES);
export const loadSegments = (file: string | undefined): SegmentRules => loadRuleFile(file, segmentRulesSchema, DEFAULT_SEGMENT_RULES);

/** A versioned rules file from head office, checked whole: any problem refuses it with every problem named. */
export function loadRuleFile<T>(file: string | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (!file) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ValueRefusal(`无法读取规则文件 ${file}：${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ValueRefusal(`规则文件 ${file} 不正确：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  }
  return parsed.data;
}

/** Runs one ledger action: a refusal prints its Chinese message and exits 1; the ledger is always closed. */
export function withLedger(dir: string, fn: (db: Database) => void): number {
  const db = openLedger(resolve(dir));
  try {
    fn(db);
    return 0;
  } catch (err) {
    return refused(err);
  } finally {
    db.close();
  }
}

export async function withLedgerAsync(dir: string, fn: (db: Database) => Promise<void>): Promise<number> {
  const db = openLedger(resolve(dir));
  try {
    await fn(db);
    return 0;
  } catch (err) {
    return refused(err);
  } finally {
    db.close();
  }
}

export function refused(err: unknown): number {
  if (!(err instanceof ValueRefusal)) throw err;
  console.error(`拒绝 refused: ${err.messageZh}`);
  return 1;
}

export const by = () => process.env.USER ?? 'head-office';

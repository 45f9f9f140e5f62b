import Papa from 'papaparse';
import type { OneShotResult } from './one-shot';

/** One end-of-day sync as recorded in the branch database (and synced to head office with everything else). */
export interface SyncReportDoc {
  _id: string;
  _rev?: string;
  type: 'sync-report';
  branch: string;
  device: string;
  runBy: string;
  runByName: string;
  startedAt: string;
  finishedAt: string;
  status: 'complete' | 'failed';
  /** Failure kind and message when the run did not finish. */
  error: { kind: string; message: string } | null;
  up: { docs: number; bytes: number; byType: Record<string, number>; writeFailures: number; denied: { id: string; reason: string }[] };
  down: { docs: number; bytes: number; byType: Record<string, number>; writeFailures: number; denied: { id: string; reason: string }[] };
  /** Documents that became conflicted during this run, and all open conflicts after it. */
  conflictsCreated: string[];
  conflictsOpen: number;
  requests: number;
}

export type SyncReport = Omit<SyncReportDoc, '_id' | '_rev' | 'type'> & { id: string };

export function toReport(doc: SyncReportDoc): SyncReport {
  const { _id, _rev: _r, type: _t, ...rest } = doc;
  return { id: _id, ...rest };
}

export function emptyResult(): OneShotResult {
  const side = () => ({ docs: 0, bytes: 0, byType: {}, writeFailures: 0, denied: [] });
  return { up: side(), down: side(), requests: 0, selectorOnServer: false, retries: 0 };
}

/**
 * The report as CSV for the branch's records: one row per direction and document type, then totals and
 * conflicts. Column headers are bilingual because the file leaves the application.
 */
export function reportCsv(r: SyncReport): string {
  const rows: (string | number)[][] = [];
  for (const [dir, side] of [['上传 up', r.up], ['下载 down', r.down]] as const) {
    for (const [type, n] of Object.entries(side.byType).sort()) rows.push([dir, type, n, '']);
    rows.push([dir, '合计 total', side.docs, side.bytes]);
  }
  rows.push(['冲突 conflicts', '本次新增 created', r.conflictsCreated.length, r.conflictsCreated.join(' ')]);
  rows.push(['冲突 conflicts', '待处理 open', r.conflictsOpen, '']);
  const head = [
    ['支行 branch', r.branch, '设备 device', r.device],
    ['开始 started', r.startedAt, '结束 finished', r.finishedAt],
    ['执行人 run by', `${r.runByName} (${r.runBy})`, '状态 status', r.status + (r.error ? ` ${r.error.kind}: ${r.error.message}` : '')],
    [],
    ['方向 direction', '文档类型 type', '文档数 documents', '字节 bytes / 说明 note'],
  ];
  return Papa.unparse([...head, ...rows], { newline: '\r\n' });
}

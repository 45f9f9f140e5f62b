// Minimal declarations for PouchDB's internal helper packages, which ship no
// types. Only what the SQLite adapter uses is declared; shapes follow PouchDB 9.

declare module 'pouchdb-merge' {
  export interface RevTreeNodeOpts { status?: 'available' | 'missing'; deleted?: boolean; [k: string]: unknown }
  export type RevTreeNode = [string, RevTreeNodeOpts, RevTreeNode[]];
  export interface RevTreePath { pos: number; ids: RevTreeNode }
  export type RevTree = RevTreePath[];
  export interface DocMetadata {
    id: string;
    rev_tree: RevTree;
    rev?: string;
    seq?: number;
    winningRev?: string;
    deleted?: boolean;
    [k: string]: unknown;
  }
  export function winningRev(metadata: { rev_tree: RevTree }): string;
  export function isDeleted(metadata: { rev_tree: RevTree }, rev?: string): boolean;
  export function isLocalId(id: string): boolean;
  export function collectConflicts(metadata: { rev_tree: RevTree }): string[];
  export function collectLeaves(revs: RevTree): Array<{ rev: string; pos: number; opts: RevTreeNodeOpts }>;
  export function compactTree(metadata: { rev_tree: RevTree }): string[];
  export function latest(rev: string, metadata: { rev_tree: RevTree }): string;
  export function removeLeafFromTree(tree: RevTree, leafRev: string): RevTree;
  export function findPathToLeaf(revs: RevTree, targetRev: string): string[];
  export function rootToLeaf(revs: RevTree): Array<{ pos: number; ids: Array<{ id: string; opts: RevTreeNodeOpts }> }>;
  export function traverseRevTree(
    revs: RevTree,
    callback: (isLeaf: boolean, pos: number, revHash: string, ctx: unknown, opts: RevTreeNodeOpts) => unknown,
  ): void;
}

declare module 'pouchdb-adapter-utils' {
  import type { DocMetadata } from 'pouchdb-merge';
  export interface DocInfo {
    metadata: DocMetadata & { rev: string };
    data: Record<string, unknown> & { _id?: string; _rev?: string; _attachments?: Record<string, AttachmentInput> };
    stemmedRevs?: string[];
    error?: unknown;
    _id?: string;
    _deleted?: boolean;
  }
  export interface AttachmentInput {
    content_type?: string;
    data?: unknown;
    digest?: string;
    length?: number;
    revpos?: number;
    stub?: boolean;
  }
  export type WriteDoc = (
    docInfo: DocInfo,
    winningRev: string,
    winningRevIsDeleted: boolean,
    newRevIsDeleted: boolean,
    isUpdate: boolean,
    delta: number,
    resultsIdx: number,
    callback: (err?: unknown) => void,
  ) => void;
  export function parseDoc(doc: unknown, newEdits: boolean, dbOpts?: unknown): DocInfo;
  export function processDocs(
    revLimit: number | undefined,
    docInfos: DocInfo[],
    api: unknown,
    fetchedDocs: Map<string, DocMetadata>,
    tx: unknown,
    results: unknown[],
    writeDoc: WriteDoc,
    opts: Record<string, unknown>,
    overallCallback?: () => void,
  ): void;
  export function preprocessAttachments(docInfos: DocInfo[], blobType: 'binary' | 'blob' | 'base64', callback: (err?: unknown) => void): void;
  export function isLocalId(id: string): boolean;
  export function isDeleted(metadata: unknown, rev?: string): boolean;
  export function allDocsKeysQuery(api: unknown, opts: Record<string, unknown>): Promise<unknown>;
}

declare module 'pouchdb-utils' {
  import { EventEmitter } from 'node:events';
  export class changesHandler extends EventEmitter {
    addListener(dbName: string, id: string, db: unknown, opts: unknown): this;
    removeListener(dbName: string, id: string): this;
    notify(dbName: string): void;
  }
  export function clone<T>(o: T): T;
  export function filterChange(opts: unknown): (change: unknown) => boolean | object;
  export function uuid(): string;
  export function nextTick(fn: () => void): void;
  /** Wraps an API method as PouchDB's own: promise or callback, waits until the database is set up. */
  export function adapterFun<F extends (...args: never[]) => unknown>(name: string, fn: F): (...args: unknown[]) => Promise<unknown>;
}

declare module 'pouchdb-errors' {
  export interface PouchErrorTemplate { status: number; name: string; message: string }
  export const MISSING_DOC: PouchErrorTemplate;
  export const REV_CONFLICT: PouchErrorTemplate;
  export const MISSING_STUB: PouchErrorTemplate;
  export const BAD_ARG: PouchErrorTemplate;
  export const NOT_OPEN: PouchErrorTemplate;
  export const UNKNOWN_ERROR: PouchErrorTemplate;
  export const INVALID_REV: PouchErrorTemplate;
  export function createError(template: PouchErrorTemplate, reason?: string): Error & { status: number; name: string; reason?: string };
}

declare module 'pouchdb-binary-utils' {
  export function typedBuffer(data: string, encoding: 'binary' | 'base64', type?: string): Buffer;
}

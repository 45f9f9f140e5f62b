/** A document revision as it travels: `_revisions` carries its history so the other side can graft it. */
export type Doc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions?: { start: number; ids: string[] };
  _attachments?: Record<string, AttachmentMeta>;
};

export interface AttachmentMeta {
  content_type?: string;
  digest?: string;
  length?: number;
  revpos?: number;
  stub?: boolean;
  data?: unknown;
}

/** One row of a changes feed with `style=all_docs`: every leaf revision of the document. */
export interface ChangeRow {
  id: string;
  seq: number | string;
  changes: { rev: string }[];
  deleted?: boolean;
}

export interface ChangesPage {
  rows: ChangeRow[];
  /** Where the next page starts; beyond the last row when the source skipped rows of another pass. */
  lastSeq: number | string;
}

export type RevsDiff = Record<string, { missing: string[]; possible_ancestors?: string[] }>;

/** A revision the other side refused (validation, permissions) or could not store. */
export interface WriteError {
  id: string;
  rev?: string;
  error: string;
  reason?: string;
}

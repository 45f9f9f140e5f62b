/**
 * Revision bodies are stored as JSON without `_id` and `_rev` (both are
 * columns already), and attachments as metadata only: bodies live once per
 * digest in the attachments table.
 */
export type DocBody = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _attachments?: Record<string, AttachmentMeta>;
};

export interface AttachmentMeta {
  content_type?: string;
  digest: string;
  length?: number;
  revpos?: number;
  stub?: boolean;
  data?: unknown;
}

export function encodeBody(data: Record<string, unknown>): string {
  const { _id: _ignoredId, _rev: _ignoredRev, ...rest } = data;
  return JSON.stringify(rest);
}

export function decodeBody(json: string, id: string, rev: string): DocBody {
  const doc = JSON.parse(json) as DocBody;
  doc._id = id;
  doc._rev = rev;
  return doc;
}

export function markStubs(doc: DocBody): DocBody {
  const atts = doc._attachments;
  if (atts) for (const name of Object.keys(atts)) atts[name]!.stub = true;
  return doc;
}

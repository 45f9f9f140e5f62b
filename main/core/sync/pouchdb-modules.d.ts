// PouchDB's internal packages ship no types; only the parts sync uses are declared.
declare module 'pouchdb-fetch' {
  export const fetch: (url: string, init?: Record<string, unknown>) => Promise<NodeFetchResponse>;
  export interface NodeFetchResponse {
    ok: boolean;
    status: number;
    headers: { get(name: string): string | null };
    text(): Promise<string>;
    json(): Promise<unknown>;
    buffer(): Promise<Buffer>;
  }
}

declare module 'pouchdb-generate-replication-id' {
  function generateReplicationId(src: PouchDB.Database<object>, target: PouchDB.Database<object>, opts: Record<string, unknown>): Promise<string>;
  export default generateReplicationId;
}

// PouchDB's internal packages ship no types; only the parts used here are declared.
declare module 'pouchdb-generate-replication-id' {
  function generateReplicationId(src: PouchDB.Database<object>, target: PouchDB.Database<object>, opts: Record<string, unknown>): Promise<string>;
  export default generateReplicationId;
}

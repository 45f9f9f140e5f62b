// The npm `pouchdb` bundle and express-pouchdb ship no types; tests and benchmarks use them only as
// independent peers, through PouchDB's public API.
declare module 'pouchdb' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchDB(PouchDB: PouchDB.Static, opts?: Record<string, unknown>): RequestListener & { setPouchDB?: unknown };
  export default expressPouchDB;
}

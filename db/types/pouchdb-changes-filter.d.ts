// pouchdb-changes-filter ships no types; it is a plain PouchDB plugin function.
declare module 'pouchdb-changes-filter' {
  const plugin: (PouchDB: unknown) => void;
  export default plugin;
}

/**
 * Writes documents head office signed straight into this device's store, keeping whatever revision is there, as
 * replication from head office would deliver them. Only for a device that is its own head office: the
 * standalone demo (`jingwei branch --seed-demo`, demo trust root) and tests. Devices still verify every signature.
 */
export async function storeSignedDocs(pouch: PouchDB.Database<object>, docs: { _id: string }[]): Promise<void> {
  if (docs.length === 0) return;
  const existing = await pouch.allDocs({ keys: docs.map((d) => d._id) });
  const revs = existing.rows.map((r) => ('value' in r && r.value && !r.value.deleted ? r.value.rev : undefined));
  const res = await pouch.bulkDocs(docs.map((d, i) => (revs[i] ? { ...d, _rev: revs[i] } : d)));
  const failed = res.find((r) => 'error' in r && r.error);
  if (failed) throw new Error(`storeSignedDocs: ${JSON.stringify(failed)}`);
}

// Constructor options understood by the jingwei-sqlite adapter.
declare namespace PouchDB {
  namespace Configuration {
    interface LocalDatabaseConfiguration {
      projections?: readonly import('../projection').Projection[];
      synchronous?: import('../adapter/handle').SynchronousMode;
    }
  }
}

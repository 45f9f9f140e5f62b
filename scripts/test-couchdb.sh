#!/usr/bin/env bash
# npm run test:couchdb — the head-office suites against Apache CouchDB 3.4.3: a single node, then the 3-node
# cluster (q=2, n=3, one node stopped mid-sync). Needs the build (`bash scripts/couchdb.sh build`, once);
# `npm test` never needs it. Targets: COUCHDB_TARGETS="single cluster" (default both).
# Prints pass/fail/pending per suite and keeps vitest's JSON in bench/out/couchdb-<target>.json.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
COUCH=scripts/couchdb.sh
eval "$(bash $COUCH env | sed 's/^/export /')"
if [ ! -x "$COUCHDB_RELEASE/bin/couchdb" ]; then
  echo "Apache CouchDB is not built here: run \`bash scripts/couchdb.sh build\` once (see sync-server/README.md)." >&2
  exit 2
fi
mkdir -p bench/out
status=0
for target in ${COUCHDB_TARGETS:-single cluster}; do
  bash $COUCH stop >/dev/null 2>&1
  bash $COUCH "$target" || { echo "could not start CouchDB ($target)" >&2; exit 1; }
  eval "$(bash $COUCH env | sed 's/^/export /')"
  if [ "$target" = single ]; then export JINGWEI_TEST_COUCHDB=$COUCHDB_URL; unset COUCHDB_CLUSTER_URLS
  else export JINGWEI_TEST_COUCHDB=${COUCHDB_CLUSTER_URLS%%,*}; fi
  echo "== Apache CouchDB $target: $JINGWEI_TEST_COUCHDB"
  npx vitest run -c tests/couchdb/vitest.config.ts --reporter=default --reporter=json --outputFile="bench/out/couchdb-$target.json" "$@" || status=1
  node scripts/test-couchdb-summary.mjs "bench/out/couchdb-$target.json" "$target"
done
bash $COUCH stop >/dev/null 2>&1
exit $status

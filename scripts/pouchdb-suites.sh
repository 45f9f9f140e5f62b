#!/usr/bin/env bash
# PouchDB 9.0.0's own node integration suites (12 files: replication, sync, changes, attachments, …) against a
# CouchDB-compatible server: `jingwei server` or Apache CouchDB (scripts/couchdb.sh). Results go to
# bench/couchdb-results.md by hand.
#
# Usage: bash scripts/pouchdb-suites.sh <command>
#   setup                   make the harness in $POUCHDB_SUITES (default /tmp/pouchdb-suites-$USER): PouchDB's tests/
#                           of the 9.0.0 release source from the local bare mirror ($POUCHDB_MIRROR, default
#                           /work/.mirror/pouchdb+pouchdb/repo) and its test runner's packages (mocha 10.2.0,
#                           chai 3.5.0 …) from the npm registry — once; nothing is fetched when the suites run.
#   run LABEL URL [FILE…]   run the files (default: all 12) with COUCH_HOST=URL (an admin's URL, e.g.
#                           http://admin:pw@127.0.0.1:25984); per file one mocha JSON report in out/LABEL/ and
#                           a line "file pass fail pending seconds".
#                           POUCHDB_MOCHA_TIMEOUT (ms, default 30000: PouchDB's own) gives a loaded machine longer;
#                           POUCHDB_MOCHA_GREP runs only the tests whose full title matches (mocha --grep).
#                           POUCHDB_WRITE_QUORUM=N (a CouchDB cluster of N copies): every write the suites' PouchDB
#                           sends (_bulk_docs, documents, attachments, _local) asks ?w=N — answered once every copy
#                           holds it. PouchDB's tests read right after they write, as against one server; a cluster
#                           answers a write at w=2 of 3 copies, and _changes/_all_docs read one copy of each shard
#                           range, which may be the third. Run a file both ways: what fails only without it is
#                           that read-after-write lag (bench/couchdb-results.md), not a difference in behaviour.
#   table LABEL…            one row per file (pass fail pending) for each run LABEL side by side, then the title
#                           and first line of the error of every failing test
#
# The PouchDB under test is this repository's npm pouchdb@9.0.0 (node_modules), not a build of the mirror: the
# suites' `pouchdb-for-coverage` (a rollup bundle in PouchDB's own build) is stood in for by the same published
# 9.0.0 packages (the shim written by setup). Every test server must answer on 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${POUCHDB_SUITES:-/tmp/pouchdb-suites-${USER:-$(id -un)}}
MIRROR=${POUCHDB_MIRROR:-/work/.mirror/pouchdb+pouchdb/repo}
# The 9.0.0 tag is the release build (dist/ only); its source, tests included, is the commit before it.
SOURCE=194c0754b
FILES_ALL="replication replication_events replicationBackoff retry sync sync_events changes bulk_get revs_diff conflicts local_docs attachments"

setup() {
  mkdir -p "$DIR"
  if [ ! -f "$DIR/tests/integration/node.setup.js" ]; then
    git --git-dir="$MIRROR" archive "$SOURCE" tests bin/down-server.js | tar -x -C "$DIR"
  fi
  cat > "$DIR/package.json" <<'JSON'
{"name":"pouchdb-suites","private":true,"dependencies":{"chai":"3.5.0","chai-as-promised":"5.3.0","mkdirp":"0.5.1","mocha":"10.2.0","seedrandom":"3.0.5","throw-max-listeners-error":"1.0.1"}}
JSON
  [ -x "$DIR/node_modules/.bin/mocha" ] || (cd "$DIR" && npm install --no-audit --no-fund --ignore-scripts)
  mkdir -p "$DIR/packages/node_modules/pouchdb-for-coverage"
  ln -sfn "$ROOT/node_modules/pouchdb" "$DIR/packages/node_modules/pouchdb"
  cat > "$DIR/packages/node_modules/pouchdb-for-coverage/index.js" <<JS
// Stand-in for PouchDB's rollup-built pouchdb-for-coverage (src/index.js + src/utils.js at 9.0.0), made from the
// published 9.0.0 packages: the PouchDB under test is npm's pouchdb@9.0.0 itself.
const M = '$ROOT/node_modules/';
const PouchDB = require(M + 'pouchdb');
const u = require(M + 'pouchdb-utils');
const m = require(M + 'pouchdb-merge');
const b = require(M + 'pouchdb-binary-utils');
const e = require(M + 'pouchdb-errors');
const genId = require(M + 'pouchdb-generate-replication-id');
const checkpointer = require(M + 'pouchdb-checkpointer');
const dflt = (x) => (x && x.default) || x;
PouchDB.utils = {
  blob: b.blob, parseUri: u.parseUri, uuid: u.uuid, rev: u.rev, atob: b.atob, btoa: b.btoa,
  binaryStringToBlobOrBuffer: b.binaryStringToBlobOrBuffer, clone: u.clone, createError: e.createError,
  generateErrorFromResponse: e.generateErrorFromResponse, generateReplicationId: dflt(genId),
  parseDdocFunctionName: u.parseDdocFunctionName, normalizeDdocFunctionName: u.normalizeDdocFunctionName,
  once: u.once, merge: m.merge, winningRev: m.winningRev, upsert: u.upsert, toPromise: u.toPromise,
  checkpointer: dflt(checkpointer), defaultBackOff: u.defaultBackOff, assign: Object.assign,
};
PouchDB.Errors = e;
PouchDB.collate = require(M + 'pouchdb-collate');
module.exports = PouchDB;
JS
  cat > "$DIR/write-quorum.js" <<'JS'
// Loaded after node.setup.js when POUCHDB_WRITE_QUORUM is set (scripts/pouchdb-suites.sh): the suites' PouchDB
// sends every write to the server with ?w=N, so a CouchDB cluster answers only once N copies hold it.
'use strict';
const w = String(Number(process.env.POUCHDB_WRITE_QUORUM));
const Base = global.PouchDB;
// A write: POST /db, POST /db/_bulk_docs, PUT/DELETE of a document, a _local or _design document, an attachment.
const isWrite = (method, path) => {
  const parts = path.split('/').filter(Boolean);
  if (method === 'POST') return parts.length === 1 || (parts.length === 2 && parts[1] === '_bulk_docs');
  if (method !== 'PUT' && method !== 'DELETE') return false;
  return parts.length >= 2 && (!parts[1].startsWith('_') || parts[1] === '_local' || parts[1] === '_design');
};
global.PouchDB = Base.defaults({
  fetch(url, opts) {
    const u = new URL(url);
    if (isWrite((opts && opts.method) || 'GET', u.pathname) && !u.searchParams.has('w')) u.searchParams.set('w', w);
    return Base.fetch(u.toString(), opts);
  },
});
JS
  echo "harness ready in $DIR"
}

run() {
  local label=$1 url=$2
  shift 2
  local files=${*:-$FILES_ALL}
  [ -f "$DIR/tests/integration/node.setup.js" ] || { echo "no harness in $DIR: run setup first" >&2; exit 1; }
  mkdir -p "$DIR/out/$label"
  for f in $files; do
    # Each file runs in its own scratch folder (its local LevelDB databases are made in the working folder), so two
    # runs — say against ours and against CouchDB — may share the harness at once.
    local tmp="$DIR/run-$label-$f"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    local start
    start=$(date +%s)
    (cd "$tmp" && COUCH_HOST=$url timeout 2400 "$DIR/node_modules/.bin/mocha" --exit --timeout "${POUCHDB_MOCHA_TIMEOUT:-30000}" ${POUCHDB_MOCHA_GREP:+--grep "$POUCHDB_MOCHA_GREP"} --require="$DIR/tests/integration/node.setup.js" \
      ${POUCHDB_WRITE_QUORUM:+--require="$DIR/write-quorum.js"} \
      --reporter json --reporter-option "output=$DIR/out/$label/$f.json" "$DIR/tests/integration/test.$f.js" > "$DIR/out/$label/$f.log" 2>&1) || true
    node -e "const r=require('$DIR/out/$label/$f.json').stats; console.log('$f', r.passes, r.failures, r.pending, '$(( $(date +%s) - start ))s')" 2>/dev/null ||
      echo "$f no-report $(( $(date +%s) - start ))s"
    rm -rf "$tmp"
  done
}

table() {
  node - "$DIR/out" "$@" <<'JS'
const [outDir, ...labels] = process.argv.slice(2);
const fs = require('fs');
const files = 'replication replication_events replicationBackoff retry sync sync_events changes bulk_get revs_diff conflicts local_docs attachments'.split(' ');
const read = (l, f) => { try { return JSON.parse(fs.readFileSync(`${outDir}/${l}/${f}.json`, 'utf8')); } catch { return null; } };
console.log(`| file | ${labels.map((l) => `${l} pass / fail / pending`).join(' | ')} |`);
console.log(`|---|${labels.map(() => '--:').join('|')}|`);
const total = labels.map(() => [0, 0, 0]);
for (const f of files) {
  const cells = labels.map((l, i) => {
    const r = read(l, f);
    if (!r) return '–';
    const s = r.stats;
    total[i][0] += s.passes; total[i][1] += s.failures; total[i][2] += s.pending;
    return `${s.passes} / ${s.failures} / ${s.pending}`;
  });
  if (cells.some((c) => c !== '–')) console.log(`| ${f} | ${cells.join(' | ')} |`);
}
console.log(`| **total** | ${total.map((t) => `**${t.join(' / ')}**`).join(' | ')} |`);
for (const l of labels) for (const f of files) for (const t of read(l, f)?.failures ?? []) {
  console.log(`- ${l} ${f}: ${t.fullTitle} — ${String(t.err.message ?? '').split('\n')[0].slice(0, 160)}`);
}
JS
}

case "${1:-}" in
  setup) setup ;;
  table) shift; [ $# -ge 1 ] || { echo "usage: $0 table LABEL…" >&2; exit 2; }; table "$@" ;;
  run) shift; [ $# -ge 2 ] || { echo "usage: $0 run LABEL URL [FILE…]" >&2; exit 2; }; run "$@" ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac

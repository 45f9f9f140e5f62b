#!/usr/bin/env bash
# Runs every benchmark in turn; each prints its own figures and targets. Pass --quick to scale the slow ones down.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
# The queue benchmark also drives the host from wrk, a native load generator, so the host's own capacity is seen.
if ! command -v wrk >/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -qq wrk >/dev/null || echo "[bench] wrk could not be installed; the queue benchmark skips its native-client row"
fi
run() { echo; echo "=== bench/$1.bench.ts ${*:2}"; npx tsx "bench/$1.bench.ts" "${@:2}"; }
run customer-search
run adapter-insert
run credit-models
run queue
run flows-import
if [ "$quick" = --quick ]; then run post-loan-feeds --loans 20000 --repayments 200000; else run post-loan-feeds; fi
run post-loan-delta
run post-loan-branch-scan
if [ "$quick" = --quick ]; then run village-import --households 2000; else run village-import; fi
if [ "$quick" = --quick ]; then run store-encryption --customers 1000 --scans 10 --rounds 3; else run store-encryption; fi
if [ "$quick" = --quick ]; then run audit --writes 1000 --rounds 1; else run audit; fi
if [ "$quick" = --quick ]; then
  run sync-eod --quick
  run sync-throughput --records 2000 --rounds 1
  run sync-ui --quick
  run ocr --cards 10 --licences 2
else
  run sync-eod
  run sync-throughput
  run sync-ui
  run ocr
fi

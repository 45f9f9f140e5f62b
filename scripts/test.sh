#!/usr/bin/env bash
# Every check CI runs, in the order that fails fastest: types, lint and the renderer build, unit tests, browser E2E.
# Ends with one summary line "tests: N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
status=0
# Everything the tests put in the temp folder (stores, camera files, OCR caches, Chromium profiles) goes under $out and
# is removed with it: a run used to leave ~100 MB behind.
export TMPDIR="$out/tmp"
mkdir -p "$TMPDIR"

step() {
  local name=$1; shift
  echo "::: $name"
  if ! "$@"; then echo "::: $name FAILED"; status=1; fi
}

# Types, lint and the renderer build are single-threaded for most of their time and independent of one another: they
# run side by side on the two cores, each into its own log, printed in order when all three are done.
side_by_side() {
  local pids=() name
  for name in "$@"; do
    ( "${name}_cmd" >"$out/$name.log" 2>&1; echo $? >"$out/$name.rc" ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  for name in "$@"; do
    echo "::: $name"
    cat "$out/$name.log"
    [ "$(cat "$out/$name.rc")" = 0 ] || { echo "::: $name FAILED"; status=1; }
  done
}
typecheck_cmd() { npx tsc -p tsconfig.json --noEmit; }
lint_cmd() { npx eslint . --max-warnings=0; }
build_cmd() { npm run -s build; }
side_by_side typecheck lint build
# Vitest would take one worker on a 2-core machine (cores − 1), and most test files wait on servers and child
# processes rather than compute: two workers keep both cores busy.
step unit npx vitest run --maxWorkers=2 --reporter=default --reporter=json --outputFile.json="$out/vitest.json"
# The media worker setup.sh started in the background: said here, waited for by the video specs (which skip, with the
# reason, when it is not built in time); no other test needs it.
echo "::: media worker"
bash scripts/media-worker.sh status || true
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/e2e.json" step e2e npx playwright test -c tests/e2e/playwright.config.ts --reporter=list,json

node scripts/test-summary.mjs "$out/vitest.json" "$out/e2e.json" || status=1
rm -rf "$out"
exit $status

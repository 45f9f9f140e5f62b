#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 + Node 20 machine: Debian packages the app and tests need,
# npm dependencies, and a check that native modules really built (npm 11 skips install scripts it was not told to allow).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# The wqy, arphic (uming, ukai, gbsn00lp, gkai00mp), liberation, dejavu, droid-fallback and ocr-b fonts draw the OCR benchmark's evaluation documents (bench/ocr-eval).
for pkg in chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-liberation fonts-dejavu-core fonts-droid-fallback fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-ocr-b; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# onnxruntime-node's CPU runtime ships inside the package; its install script only downloads GPU files (offline it
# fails the whole install). .npmrc says the same for a plain `npm install`.
export ONNXRUNTIME_NODE_INSTALL=skip
stamp=node_modules/.jingwei-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
  touch "$stamp"
fi

# The SQLite driver with encryption (SQLite3 Multiple Ciphers). Offline its prebuilt download fails, so it is
# built from source against this Node's own headers (Debian's nodejs ships them in <prefix>/include/node).
if ! node scripts/check-sqlite.mjs 2>/dev/null; then
  echo "[setup] building better-sqlite3-multiple-ciphers from source"
  prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$prefix"; fi
  npm rebuild better-sqlite3-multiple-ciphers --build-from-source
  node scripts/check-sqlite.mjs
fi

# mediasoup's media worker (视频面签 SFU, `jingwei media`): built once per machine from Debian packages and cached in
# ~/.cache/jingwei/ (later runs copy it in seconds). It builds in the background while test.sh type-checks, lints and
# runs the unit tests; test.sh waits for it before the browser tests. A failed build skips only the video specs.
bash scripts/media-worker.sh start

# `jingwei` runs compiled JavaScript (dist/cli/); bin/jingwei.js also rebuilds it whenever a source is newer.
node build/cli-build.mjs

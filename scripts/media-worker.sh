#!/usr/bin/env bash
# The mediasoup worker (视频面签 SFU, `jingwei media`) as a background step of `npm test`:
#   media-worker.sh start   setup.sh: begins scripts/setup-mediasoup-worker.sh in the background (seconds when the
#                           machine's cache has the binary; a first build takes minutes of CPU, so it runs niced beside
#                           the type check, lint and unit tests instead of before them)
#   media-worker.sh status  test.sh, before the browser tests: says (zh+en) whether it is built, failed or still
#                           building. It does not wait: the video specs, near the end of the E2E run, wait for it at
#                           most JINGWEI_MEDIA_WORKER_WAIT s (default 900) after set-up started
#                           (tests/e2e/support/media-worker.ts) and skip with the reason when it is not there.
#   media-worker.sh wait    blocks until the build ends (benches, by hand); exit status non-zero = not built
# State lives in node_modules/.cache/jingwei-media-worker/ (per clone); builds of several clones on one machine take
# turns through a lock beside the shared cache.
set -uo pipefail
cd "$(dirname "$0")/.."

state=node_modules/.cache/jingwei-media-worker
cache_root="${JINGWEI_CACHE_DIR:-$HOME/.cache/jingwei}"
log="$state/build.log"
rc_file="$state/rc"

case "${1:-}" in
  start)
    mkdir -p "$state" "$cache_root"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "[setup] mediasoup worker: build already running (log $log)"
      exit 0
    fi
    rm -f "$rc_file"
    date +%s >"$state/started"
    setsid nohup nice -n 10 bash -c '
      flock "$1/mediasoup-build.lock" bash scripts/setup-mediasoup-worker.sh >"$2" 2>&1
      echo $? >"$3.part" && mv "$3.part" "$3"' _ "$cache_root" "$log" "$rc_file" </dev/null >/dev/null 2>&1 &
    echo $! >"$state/pid"
    echo "[setup] mediasoup worker: started in the background (log $log; the video tests wait for it)"
    ;;
  status)
    if [ -f "$rc_file" ] && [ "$(cat "$rc_file")" = 0 ]; then
      tail -n 1 "$log"
    elif [ -f "$rc_file" ]; then
      tail -n 15 "$log" >&2
      echo "[test] 视频面签媒体服务器（mediasoup worker）构建失败（日志 $log）：视频面签测试跳过，其他测试照常运行。" >&2
      echo "[test] The mediasoup worker did not build (log $log): the video tests are skipped; every other test runs." >&2
      exit 1
    elif [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "[test] 视频面签媒体服务器（mediasoup worker）仍在后台构建；视频面签测试最多等到设置开始后 ${JINGWEI_MEDIA_WORKER_WAIT:-900} 秒。"
      echo "[test] The mediasoup worker is still building in the background; the video tests wait for it until ${JINGWEI_MEDIA_WORKER_WAIT:-900} s after set-up started."
    else
      echo "[test] mediasoup worker: no build started (run bash scripts/setup.sh)" >&2
      exit 1
    fi
    ;;
  wait)
    while [ ! -f "$rc_file" ] && [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; do sleep 5; done
    [ -f "$rc_file" ] && [ "$(cat "$rc_file")" = 0 ] || { tail -n 15 "$log" >&2 2>/dev/null; echo "[media] mediasoup worker not built (log $log)" >&2; exit 1; }
    tail -n 1 "$log"
    ;;
  *)
    echo "usage: bash scripts/media-worker.sh start|status|wait" >&2
    exit 2
    ;;
esac

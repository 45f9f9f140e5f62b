#!/usr/bin/env bash
# The mediasoup worker (视频面签 SFU, `jingwei media`) as a background step of `npm test`:
#   media-worker.sh start   setup.sh: begins scripts/setup-mediasoup-worker.sh in the background (seconds when the
#                           machine's cache has the binary; a first build takes minutes of CPU, so it runs niced beside
#                           the type check, lint and unit tests instead of before them)
#   media-worker.sh wait    test.sh, before the browser tests: waits for it and says in Chinese and English when it
#                           failed (then only the video specs skip, with this reason; everything else runs)
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
    setsid nohup nice -n 10 bash -c '
      flock "$1/mediasoup-build.lock" bash scripts/setup-mediasoup-worker.sh >"$2" 2>&1
      echo $? >"$3.part" && mv "$3.part" "$3"' _ "$cache_root" "$log" "$rc_file" </dev/null >/dev/null 2>&1 &
    echo $! >"$state/pid"
    echo "[setup] mediasoup worker: started in the background (log $log; test.sh waits for it before the browser tests)"
    ;;
  wait)
    if [ ! -f "$rc_file" ] && ! { [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; }; then
      echo "[test] mediasoup worker: no build started (run bash scripts/setup.sh)" >&2
      exit 1
    fi
    started=$(date +%s)
    limit=${JINGWEI_MEDIA_WORKER_WAIT:-1800}
    while [ ! -f "$rc_file" ]; do
      if [ $(( $(date +%s) - started )) -ge "$limit" ]; then
        echo "[test] 视频面签媒体服务器（mediasoup worker）${limit} 秒内未构建完成，视频面签测试跳过。" >&2
        echo "[test] The mediasoup worker build did not finish within ${limit} s: the video-signing tests are skipped." >&2
        exit 1
      fi
      sleep 5
    done
    if [ "$(cat "$rc_file")" != 0 ]; then
      tail -n 15 "$log" >&2
      echo "[test] 视频面签媒体服务器（mediasoup worker）构建失败（日志 $log）：视频面签测试跳过，其他测试照常运行。" >&2
      echo "[test] The mediasoup worker did not build (log $log): the video-signing tests are skipped; every other test runs." >&2
      exit 1
    fi
    tail -n 1 "$log"
    ;;
  *)
    echo "usage: bash scripts/media-worker.sh start|wait" >&2
    exit 2
    ;;
esac

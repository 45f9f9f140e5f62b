#!/usr/bin/env bash
# Apache CouchDB 3.4.3 for head office at scale: built once from local git mirrors
# (no network), then a single node or a 3-node cluster (q=2, n=3) on this host.
#
# Usage: bash scripts/couchdb.sh <command>
#   build          clone the sources from the mirrors and `make release` (once; reused afterwards)
#   single         start one node            -> http://127.0.0.1:$COUCHDB_SINGLE_PORT (default 25984)
#   cluster        start 3 nodes and join them -> http://127.0.0.1:25911 (node1), 25912, 25913
#   stopnode NAME  stop one instance (single, node1, node2, node3) — e.g. to stop a node mid-sync
#   killnode NAME  kill -9 one instance (no shutdown), e.g. mid-push
#   start [NAME]   (re)start instances already made (default: all made)
#   status         recorded PIDs and whether they run
#   stop           stop every node and epmd this script started (by recorded PID)
#   env            print the variables the CouchDB test suite reads (COUCHDB_URL, COUCHDB_CLUSTER_URLS…)
#
# Where things go: $COUCHDB_HOME (default: `.couchdb/` at the root of the main checkout, shared by all git
# worktrees of it; ignored by git): src/ (source + build tree, ~180 MB), run/ (node instances, data, logs).
# Mirrors: $COUCHDB_MIRROR (default /work/.mirror) holding bare git mirrors <owner>+<name>/repo — see
# sync-server/README.md "Apache CouchDB" for how a machine gets them.
# Ports (all in 25900–25999, below Linux's ephemeral range 32768–60999 so an outgoing connection never holds one):
# epmd 25969, single 25984 (+ distribution 25970), cluster node N 25910+N (+ distribution 25930+N); each is checked
# free before a node starts. The admin is $COUCHDB_ADMIN / $COUCHDB_ADMIN_PASSWORD (default admin / jingwei-couch).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MAIN_ROOT=$(cd "$ROOT" && cd "$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo "$ROOT/.git")/.." && pwd)
COUCHDB_HOME=$(realpath -m "${COUCHDB_HOME:-$MAIN_ROOT/.couchdb}")
MIRROR=${COUCHDB_MIRROR:-/work/.mirror}
SRC=$COUCHDB_HOME/src
RUN=$COUCHDB_HOME/run
REL=$SRC/rel/couchdb
ADMIN_USER=${COUCHDB_ADMIN:-admin}
ADMIN_PASS=${COUCHDB_ADMIN_PASSWORD:-jingwei-couch}
EPMD_PORT=${COUCHDB_EPMD_PORT:-25969}
SINGLE_PORT=${COUCHDB_SINGLE_PORT:-25984}
SINGLE_DIST_PORT=$((SINGLE_PORT - 14))
NODE_PORT_BASE=${COUCHDB_NODE_PORT_BASE:-25910}
DIST_PORT_BASE=$((NODE_PORT_BASE + 20))
SPIDERMONKEY_VERSION=102

# app-dir-in-src  owner/repo  ref — the Erlang deps and tags of 3.4.3's rebar.config.script; couchdb-rebar
# has no tag (configure clones its default branch: this was its head when 3.4.3 was tagged); rebar3/erlfmt are
# REBAR3_BRANCH / ERLFMT_VERSION in configure.
DEPS="
couchdb   apache/couchdb          3.4.3
snappy    apache/couchdb-snappy   CouchDB-1.0.9
ibrowse   apache/couchdb-ibrowse  CouchDB-4.4.2-6
jiffy     apache/couchdb-jiffy    1.1.2
mochiweb  apache/couchdb-mochiweb v3.2.2
meck      apache/couchdb-meck     1.0.0
recon     apache/couchdb-recon    2.5.6
rebar     apache/couchdb-rebar    9e60c709fdf759b614ab1441f36f51936bb5bbd4
rebar3    erlang/rebar3           3.23.0
erlfmt    WhatsApp/erlfmt         v1.3.0
"
APT_PACKAGES="build-essential pkg-config git curl python3 erlang-nox erlang-dev erlang-reltool erlang-dialyzer libicu-dev libmozjs-$SPIDERMONKEY_VERSION-dev"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'couchdb.sh: %s\n' "$*" >&2; exit 1; }

check_tools() {
  local missing=()
  for c in erl gcc make git curl python3 pkg-config; do command -v "$c" >/dev/null || missing+=("$c"); done
  pkg-config --exists "mozjs-$SPIDERMONKEY_VERSION" || missing+=("libmozjs-$SPIDERMONKEY_VERSION-dev")
  [ -d /usr/lib/erlang/lib ] && ls -d /usr/lib/erlang/lib/dialyzer-* >/dev/null 2>&1 || missing+=(erlang-dialyzer)
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} — as root: apt-get install --no-install-recommends $APT_PACKAGES"
}

clone_at() { # dest owner/name ref
  local git="$MIRROR/${2/\//+}/repo"
  [ -d "$git" ] || die "mirror of $2 not found at $git (see sync-server/README.md: Apache CouchDB)"
  git clone -q "$git" "$1"
  git -C "$1" -c advice.detachedHead=false checkout -q "$3"
}

cmd_build() {
  if [ -x "$REL/bin/couchdb" ]; then log "already built: $REL"; return; fi
  check_tools
  mkdir -p "$COUCHDB_HOME"
  if [ ! -f "$SRC/.sources-ready" ]; then
    rm -rf "$SRC"
    while read -r app repo ref; do
      [ -n "$app" ] || continue
      if [ "$app" = couchdb ]; then clone_at "$SRC" "$repo" "$ref"; else clone_at "$SRC/src/$app" "$repo" "$ref"; fi
    done <<<"$DEPS"
    # Fauxton is a raw dep rebar checks even with --disable-fauxton; erlfmt's release profile wants getopt from
    # Hex — rebar3's vendored copy as a _checkouts dependency instead.
    mkdir -p "$SRC/src/fauxton" "$SRC/src/erlfmt/_checkouts"
    cp -r "$SRC/src/rebar3/vendor/getopt" "$SRC/src/erlfmt/_checkouts/"
    touch "$SRC/.sources-ready"
  fi
  cd "$SRC"
  # --skip-deps: no `rebar get-deps` (GitHub); --without-proper: test-only dep, not mirrored.
  REBAR_OFFLINE=1 ./configure --skip-deps --without-proper --disable-fauxton --disable-docs \
    --spidermonkey-version "$SPIDERMONKEY_VERSION"
  make release
  log "built $REL ($(du -sh "$REL" | cut -f1))"
}

hash_pw() { # CouchDB's own admin hash format; every cluster node must carry the same string
  python3 - "$1" <<'EOF'
import hashlib, os, sys
salt = os.urandom(16).hex()
dk = hashlib.pbkdf2_hmac('sha256', sys.argv[1].encode(), salt.encode(), 600000, 32).hex()
print('-pbkdf2:sha256-%s,%s,600000' % (dk, salt))
EOF
}
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Before a node of ours binds its ports: something else on one of them (another program, or an outgoing
# connection that was handed it as its local port) would make the VM die with "address in use" minutes later.
check_ports_free() { # port...
  local lo hi p; read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { lo=32768; hi=60999; }
  for p in "$@"; do
    listening "$p" && die "port $p is in use by another program — choose other ports (COUCHDB_SINGLE_PORT, COUCHDB_NODE_PORT_BASE, COUCHDB_EPMD_PORT)"
    if [ "$p" -ge "$lo" ] && [ "$p" -le "$hi" ]; then log "warning: port $p lies in the ephemeral range $lo–$hi"; fi
  done
}

start_epmd() {
  mkdir -p "$RUN"
  alive "$RUN/epmd.pid" && return
  check_ports_free "$EPMD_PORT"
  local epmd; epmd=$(ls "$REL"/erts-*/bin/epmd | head -n1)
  # started by us on loopback: a node would otherwise start one on every interface
  "$epmd" -port "$EPMD_PORT" -address 127.0.0.1 >"$RUN/epmd.log" 2>&1 &
  echo $! >"$RUN/epmd.pid"
  sleep 1
}

make_instance() { # dir nodename cookie dist_port local.ini
  [ -x "$REL/bin/couchdb" ] || die "not built yet: bash scripts/couchdb.sh build"
  [ -e "$1" ] && return
  cp -a "$REL" "$1"
  sed -i "s/^-name .*/-name $2/" "$1/etc/vm.args"
  printf '\n-setcookie %s\n-kernel inet_dist_listen_min %s\n-kernel inet_dist_listen_max %s\n' "$3" "$4" "$4" >>"$1/etc/vm.args"
  printf '%s\n' "$5" >"$1/etc/local.ini"
  mkdir -p "$1/etc/local.d"
  printf '%s\n' "$COMMON_INI" >"$1/etc/local.d/jingwei.ini"
}

# Settings every instance shares (etc/local.d/jingwei.ini). [log] level = warning: at 100 branches the
# info log costs CPU on a 2-core host; 100 branch databases × q=2 shards need more than the default open dbs.
COMMON_INI="[log]
level = warning

[couchdb]
max_dbs_open = 2000

[chttpd]
bind_address = 127.0.0.1

[couch_httpd_auth]
timeout = 86400"

start_instance() { # dir port
  alive "$1/couchdb.pid" && { log "$(basename "$1") already running"; return; }
  check_ports_free "$2" "$(sed -n 's/^-kernel inet_dist_listen_min //p' "$1/etc/vm.args")"
  # `cd && cmd &` would background a subshell: $! must be the VM itself (bin/couchdb execs beam.smp), so that
  # stopnode really stops the node
  (cd "$1" && { ERL_EPMD_PORT=$EPMD_PORT nohup ./bin/couchdb >>couchdb.log 2>&1 & echo $! >couchdb.pid; })
  local i=0
  until curl -sf "http://127.0.0.1:$2/_up" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 180 ] && die "$(basename "$1") did not come up, see $1/couchdb.log"
    sleep 1
  done
  log "$(basename "$1") up: pid $(cat "$1/couchdb.pid") http://127.0.0.1:$2"
}

stop_instance() { # dir
  [ -f "$1/couchdb.pid" ] || return 0
  local pid; pid=$(cat "$1/couchdb.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local i=0
    while kill -0 "$pid" 2>/dev/null; do i=$((i + 1)); [ $i -gt 60 ] && { kill -KILL "$pid"; break; }; sleep 1; done
    log "stopped $(basename "$1") (pid $pid)"
  fi
  rm -f "$1/couchdb.pid"
}

cmd_single() {
  start_epmd
  make_instance "$RUN/single" couchdb@127.0.0.1 "single-$(rand_hex 8)" "$SINGLE_DIST_PORT" "[couchdb]
single_node = true

[cluster]
n = 1

[chttpd]
port = $SINGLE_PORT

[admins]
$ADMIN_USER = $(hash_pw "$ADMIN_PASS")"
  start_instance "$RUN/single" "$SINGLE_PORT"
}

cmd_cluster() {
  start_epmd
  local cookie secret uuid hash n1 auth
  cookie=cluster-$(rand_hex 8); secret=$(rand_hex 16); uuid=$(rand_hex 16); hash=$(hash_pw "$ADMIN_PASS")
  for n in 1 2 3; do
    # same admin hash, cookie-auth secret and uuid everywhere: sessions made on one node hold on the others
    make_instance "$RUN/node$n" "node$n@127.0.0.1" "$cookie" $((DIST_PORT_BASE + n)) "[couchdb]
uuid = $uuid

[cluster]
q = 2
n = 3

[chttpd]
port = $((NODE_PORT_BASE + n))

[chttpd_auth]
secret = $secret

[admins]
$ADMIN_USER = $hash"
  done
  for n in 1 2 3; do start_instance "$RUN/node$n" $((NODE_PORT_BASE + n)); done
  n1=http://127.0.0.1:$((NODE_PORT_BASE + 1)); auth="$ADMIN_USER:$ADMIN_PASS"
  if [ -f "$RUN/cluster-ready" ]; then log "cluster restarted"; return; fi
  # /_cluster_setup enable_cluster refuses a loopback bind address: join through node1's _nodes db instead
  for n in 2 3; do curl -sS -o /dev/null -u "$auth" -X PUT "$n1/_node/_local/_nodes/node$n@127.0.0.1" -d '{}'; done
  local i=0
  until [ "$(curl -s -u "$auth" "$n1/_membership" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["all_nodes"]), len(d["cluster_nodes"]))')" = "3 3" ]; do
    i=$((i + 1)); [ $i -gt 90 ] && die "nodes did not connect"
    sleep 1
  done
  curl -sS -o /dev/null -u "$auth" -X POST "$n1/_cluster_setup" -H 'Content-Type: application/json' -d '{"action":"finish_cluster"}'
  touch "$RUN/cluster-ready"
  log "cluster of 3 (q=2, n=3) at $n1"
}

instances() { (cd "$RUN" 2>/dev/null && ls -d single node1 node2 node3 2>/dev/null) || true; }

cmd_start() {
  start_epmd
  [ $# -gt 0 ] || set -- $(instances)
  for i in "$@"; do start_instance "$RUN/$i" "$(sed -n 's/^port *= *//p' "$RUN/$i/etc/local.ini" | head -n1)"; done
}

cmd_stopnode() { [ $# -gt 0 ] || die "stopnode needs a name: single node1 node2 node3"; for i in "$@"; do stop_instance "$RUN/$i"; done; }

# kill -9: no shutdown at all, as a power cut or an OOM kill would stop it (the weak-link suite's crash test).
cmd_killnode() {
  [ $# -gt 0 ] || die "killnode needs a name: single node1 node2 node3"
  for i in "$@"; do
    [ -f "$RUN/$i/couchdb.pid" ] || continue
    local pid; pid=$(cat "$RUN/$i/couchdb.pid")
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    rm -f "$RUN/$i/couchdb.pid"
    log "killed $i (pid $pid)"
  done
}

cmd_status() {
  for f in "$RUN"/epmd.pid "$RUN"/*/couchdb.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then echo "$f: $(cat "$f") running"; else echo "$f: $(cat "$f") dead"; fi
  done
}

cmd_stop() {
  for i in $(instances); do stop_instance "$RUN/$i"; done
  if alive "$RUN/epmd.pid"; then kill -TERM "$(cat "$RUN/epmd.pid")"; log "stopped epmd"; fi
  rm -f "$RUN/epmd.pid"
}

cmd_env() {
  echo "COUCHDB_ADMIN=$ADMIN_USER"
  echo "COUCHDB_ADMIN_PASSWORD=$ADMIN_PASS"
  alive "$RUN/single/couchdb.pid" && echo "COUCHDB_URL=http://127.0.0.1:$SINGLE_PORT"
  if alive "$RUN/node1/couchdb.pid"; then
    echo "COUCHDB_CLUSTER_URLS=http://127.0.0.1:$((NODE_PORT_BASE + 1)),http://127.0.0.1:$((NODE_PORT_BASE + 2)),http://127.0.0.1:$((NODE_PORT_BASE + 3))"
  fi
  echo "COUCHDB_SCRIPT=$ROOT/scripts/couchdb.sh"
  echo "COUCHDB_RELEASE=$REL"
}

case "${1:-}" in
  build | single | cluster | start | stopnode | killnode | status | stop | env) c=$1; shift; "cmd_$c" "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac

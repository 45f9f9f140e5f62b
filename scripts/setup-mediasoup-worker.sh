#!/usr/bin/env bash
# Builds mediasoup's media worker (视频面签 SFU) with no internet: Debian libraries + build/mediasoup/subprojects
# (meson subprojects that point mediasoup's wraps at them) + upstream OpenSSL built statically from Debian's source
# package (Debian's shared libssl3 crashes the worker at the first DTLS client hello). mediasoup's own install script
# would pip-install meson and download its subprojects, and npm 11 does not run it anyway.
# The binary is cached outside the clone (~/.cache/jingwei/mediasoup-worker/<version>-<recipe digest>/), so a second
# run, or a fresh clone on the same machine, only copies it. Idempotent. Exit status non-zero = not built.
# STATUS: not yet called by scripts/setup.sh (branch `video` has scripts/media-worker.sh for that). Session 4's run
# (load ~30) got through OpenSSL but its pkg-config files still named the .part folder, so the worker compiled against
# Debian's headers and libssl.a — fixed below (and checked after meson setup); not yet run to the end with the fix.
# Call it by hand until tests/e2e/video-signing.spec.ts (branch `video`) passes against its binary.
set -euo pipefail
cd "$(dirname "$0")/.."

ms=node_modules/mediasoup
target="$ms/worker/out/Release/mediasoup-worker"
[ -f "$ms/package.json" ] || { echo "[mediasoup] node_modules/mediasoup missing (npm ci first)"; exit 1; }
version=$(node -p "require('./$ms/package.json').version")
recipe=$(cat scripts/setup-mediasoup-worker.sh $(find build/mediasoup -type f | sort) | sha256sum | cut -c1-12)
cache_root="${JINGWEI_CACHE_DIR:-$HOME/.cache/jingwei}"
cache="$cache_root/mediasoup-worker/$version-$recipe"
started=$(date +%s)

runtime_pkgs=(libuv1 libsrtp2-1 libusrsctp2 libabsl20220623)
build_pkgs=(g++ ninja-build pkg-config libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev libflatbuffers-dev
  flatbuffers-compiler perl make dpkg-dev)
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "[mediasoup] apt-get install ${missing[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ -x "$cache/mediasoup-worker" ]; then
  apt_install "${runtime_pkgs[@]}"
  if ! cmp -s "$cache/mediasoup-worker" "$target" 2>/dev/null; then
    mkdir -p "$(dirname "$target")" && cp "$cache/mediasoup-worker" "$target"
  fi
  echo "[mediasoup] worker $version ready (cached in $cache, $(( $(date +%s) - started )) s)"
  exit 0
fi

echo "[mediasoup] building the media worker $version (first time on this machine: about 6-10 min on 2 cores)"
# meson >= 1.1 comes from bookworm-backports; OpenSSL's source package needs a deb-src line. Both are added next to
# the suites this machine already uses (same mirror), in a file of our own.
src_list=/etc/apt/sources.list.d/jingwei-mediasoup.sources
if [ ! -f "$src_list" ]; then
  uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  uri=${uri:-http://deb.debian.org/debian}
  $SUDO tee "$src_list" >/dev/null <<SOURCES
# Added by Jingwei Branch scripts/setup-mediasoup-worker.sh: meson >= 1.1 (backports) and OpenSSL's source package.
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $uri
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
fi
if ! dpkg --compare-versions "$(dpkg-query -W -f='${Version}' meson 2>/dev/null || echo 0)" ge 1.1; then
  echo "[mediasoup] apt-get install -t bookworm-backports meson"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
    -t bookworm-backports meson >/dev/null
fi
apt_install "${build_pkgs[@]}" "${runtime_pkgs[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)

# Static OpenSSL 3.0 (upstream tarball inside Debian's source package), cached on its own: it outlives recipe changes.
openssl="$cache_root/openssl-static-bookworm"
# OpenSSL's pkg-config files name the folder it was installed to: the build goes to "$openssl.part" and is renamed
# when complete, so they are rewritten to the final folder. (One cached by an earlier run still names .part: meson then
# found nothing there and took Debian's own libssl.a/libcrypto.a from libssl-dev — the Debian OpenSSL the worker
# crashes with.)
fix_pc() { sed -i "s#$openssl.part#$openssl#g" "$1"/lib/pkgconfig/*.pc; }
if [ -f "$openssl/lib/pkgconfig/openssl.pc" ] && grep -q "$openssl.part" "$openssl"/lib/pkgconfig/*.pc; then fix_pc "$openssl"; fi
if [ ! -f "$openssl/lib/pkgconfig/openssl.pc" ]; then
  echo "[mediasoup] building static OpenSSL from Debian's source package"
  (cd "$work" && apt-get source --download-only -qq openssl/bookworm >/dev/null && tar xzf openssl_*.orig.tar.gz \
    && cd openssl-3.*/ && ./Configure linux-x86_64 no-shared no-tests --prefix="$openssl.part" --libdir=lib >/dev/null \
    && make -s -j"$jobs" build_libs >/dev/null && make -s install_dev >/dev/null)
  fix_pc "$openssl.part"
  rm -rf "$openssl" && mv "$openssl.part" "$openssl"
fi
export PKG_CONFIG_PATH="$openssl/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# Build in a scratch copy of the worker sources: node_modules stays as npm left it.
cp -r "$ms/worker" "$work/worker"
subprojects="$work/worker/subprojects"
for wrap in "$subprojects"/*.wrap; do
  name=$(basename "$wrap" .wrap)
  # liburing is switched off below and wingetopt is Windows-only: those wraps are never opened.
  [ -d "build/mediasoup/subprojects/$name" ] || continue
  dir=$(sed -n 's/^directory *= *//p' "$wrap")
  rm -rf "$subprojects/${dir:-$name}" && cp -r "build/mediasoup/subprojects/$name" "$subprojects/${dir:-$name}"
done
(cd "$work/worker" && meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true \
    -Dms_disable_liburing=true out >/dev/null \
  && { grep -q -- "-I$openssl/include" out/build.ninja \
       || { echo "[mediasoup] meson did not pick the static OpenSSL in $openssl" >&2; false; }; } \
  && meson compile -C out flatbuffers-generator >/dev/null \
  && meson compile -C out -j "$jobs" mediasoup-worker >/dev/null)

# The worker must carry upstream OpenSSL inside it: with Debian's libssl3 it crashes at the first DTLS client hello.
if ldd "$work/worker/out/mediasoup-worker" | grep -q 'libssl\|libcrypto'; then
  echo "[mediasoup] the worker was linked against the shared OpenSSL, not the static one in $openssl: not kept" >&2
  exit 1
fi
mkdir -p "$cache"
cp "$work/worker/out/mediasoup-worker" "$cache/mediasoup-worker.part" && mv "$cache/mediasoup-worker.part" "$cache/mediasoup-worker"
mkdir -p "$(dirname "$target")" && cp "$cache/mediasoup-worker" "$target"
echo "[mediasoup] worker $version built in $(( $(date +%s) - started )) s (cached in $cache)"

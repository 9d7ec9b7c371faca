#!/usr/bin/env bash
# Build kube-apiserver, kube-controller-manager (and kubectl if absent) from
# Debian bookworm's `kubernetes` source package and cache them outside the repo.
#
# Result: $PLATFORM_RUNTIME_CACHE/envtest/<version>/{kube-apiserver,kube-controller-manager,kubectl}
# Re-running with a warm cache does nothing. If KUBEBUILDER_ASSETS already
# holds kube-apiserver, nothing is built (users with internet may fill it with
# `setup-envtest use`).
set -euo pipefail

VERSION="${ENVTEST_K8S_VERSION:-1.20.2}"
CACHE="${PLATFORM_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/platform-runtime}"
OUT="$CACHE/envtest/$VERSION"
log() { printf '[build-control-plane] %s\n' "$*" >&2; }

if [[ -n "${KUBEBUILDER_ASSETS:-}" && -x "${KUBEBUILDER_ASSETS}/kube-apiserver" ]]; then
  log "using existing envtest binaries in KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  exit 0
fi
if [[ -x "$OUT/kube-apiserver" && -x "$OUT/kube-controller-manager" && -x "$OUT/kubectl" ]]; then
  log "cache hit: $OUT"
  exit 0
fi

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

# deb-src entries for bookworm (main, updates, security); idempotent.
SRC_LIST=/etc/apt/sources.list.d/platform-runtime-src.sources
if [[ ! -f "$SRC_LIST" ]]; then
  log "adding deb-src entries: $SRC_LIST"
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
log "apt-get update and build tools"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  dpkg-dev golang-go rsync jq golang-github-modern-go-reflect2-dev >/dev/null

WORK="$CACHE/envtest/src-$VERSION"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
log "apt-get source kubernetes"
apt-get source -qq kubernetes >/dev/null 2>&1 || apt-get source kubernetes
SRCDIR=$(find "$WORK" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
[[ -d "$SRCDIR/vendor" ]] || { log "no vendor/ in $SRCDIR"; exit 1; }

# json-iterator crashes (SIGSEGV in mapiterinit) with the vendored reflect2
# when built with Go >= 1.18; Debian's reflect2 1.0.2 is fixed.
log "replacing vendored reflect2 with Debian's 1.0.2"
R2=/usr/share/gocode/src/github.com/modern-go/reflect2
rm -rf "$SRCDIR/vendor/github.com/modern-go/reflect2"
mkdir -p "$SRCDIR/vendor/github.com/modern-go/reflect2"
cp "$R2"/*.go "$R2"/*.s "$SRCDIR/vendor/github.com/modern-go/reflect2/" 2>/dev/null || cp "$R2"/*.go "$SRCDIR/vendor/github.com/modern-go/reflect2/"
rm -f "$SRCDIR"/vendor/github.com/modern-go/reflect2/*_test.go

mkdir -p "$WORK/.go/src/k8s.io"
ln -s "$SRCDIR" "$WORK/.go/src/k8s.io/kubernetes"
WHAT="cmd/kube-apiserver cmd/kube-controller-manager"
NEED_KUBECTL=0
if ! command -v kubectl >/dev/null 2>&1; then WHAT="$WHAT cmd/kubectl"; NEED_KUBECTL=1; fi
log "building: $WHAT (several minutes on 2 cores)"
cd "$WORK/.go/src/k8s.io/kubernetes"
export GOPATH="$WORK/.go" CGO_ENABLED=0 GOFLAGS=-mod=vendor GO111MODULE=on
make WHAT="$WHAT" >"$WORK/build.log" 2>&1 || { tail -n 60 "$WORK/build.log"; exit 1; }
BIN=$(find "$SRCDIR/_output" -type f -name kube-apiserver -path '*bin*' | head -n1)
BIN=$(dirname "$BIN")
mkdir -p "$OUT.tmp"
cp "$BIN/kube-apiserver" "$BIN/kube-controller-manager" "$OUT.tmp/"
if [[ $NEED_KUBECTL -eq 1 ]]; then cp "$BIN/kubectl" "$OUT.tmp/"; else ln -sf "$(command -v kubectl)" "$OUT.tmp/kubectl"; fi
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
log "done: $OUT"
"$OUT/kube-apiserver" --version >&2

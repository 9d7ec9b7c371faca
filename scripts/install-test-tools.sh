#!/usr/bin/env bash
# Test tools that are not Python packages, cached outside the repo in ~/.cache/platform-runtime/tools
# (override with PLATFORM_RUNTIME_TOOLS). Idempotent: a tool already in the cache is not fetched again.
# Called from scripts/bootstrap.sh (scripts/test.sh's bootstrap stage).
set -euo pipefail
TOOLS=${PLATFORM_RUNTIME_TOOLS:-$HOME/.cache/platform-runtime/tools}
log() { printf '[install-test-tools] %s\n' "$*" >&2; }
mkdir -p "$TOOLS"

# --- promtool and amtool ------------------------------------------------------------------------------
# Debian bookworm's prometheus (promtool 2.42) and prometheus-alertmanager (amtool 0.25) packages:
# `apt-get download` + `dpkg-deb -x` gives the binaries without installing the packages or starting services.
have() { # <binary> <version>
  [[ -x $TOOLS/$1 ]] && "$TOOLS/$1" --version 2>&1 | grep -q "version $2"
}
install_deb_binaries() { # <package> <version prefix> <binary>...
  local pkg=$1 want=$2 tmp deb bin missing=0
  shift 2
  for bin in "$@"; do have "$bin" "$want" || missing=1; done
  [[ $missing -eq 1 ]] || return 0
  tmp=$(mktemp -d)
  # apt's _apt user must be able to write the download directory.
  chmod 0777 "$tmp"
  log "apt-get download $pkg ($* $want)"
  (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) || {
    log "apt-get download $pkg failed: run 'apt-get update' first"
    rm -rf "$tmp"
    return 1
  }
  deb=$(ls "$tmp"/"${pkg}"_*.deb)
  dpkg-deb -x "$deb" "$tmp/root"
  for bin in "$@"; do
    install -m 0755 "$tmp/root/usr/bin/$bin" "$TOOLS/$bin.new"
    mv "$TOOLS/$bin.new" "$TOOLS/$bin"
    have "$bin" "$want" || {
      log "$bin is not version $want: $("$TOOLS/$bin" --version 2>&1 | head -1)"
      rm -rf "$tmp"
      return 1
    }
  done
  rm -rf "$tmp"
}
install_deb_binaries prometheus 2.42 promtool
install_deb_binaries prometheus-alertmanager 0.25 amtool
log "promtool and amtool in $TOOLS"

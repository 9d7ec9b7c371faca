#!/usr/bin/env bash
# Set up everything platform.runtime needs on a fresh Debian bookworm machine:
# apt packages, the .venv with pinned Python deps, the local control-plane
# binaries (built once and cached outside the repo) and the collection link.
# Safe to re-run: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf '[bootstrap] %s\n' "$*" >&2; }
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

need_apt=()
command -v etcd >/dev/null 2>&1 || need_apt+=(etcd-server)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v make >/dev/null 2>&1 || need_apt+=(make)
# The platform report's diagrams (Graphviz) and its browser test (headless Chromium with a font).
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium fonts-dejavu-core)
if ((${#need_apt[@]})); then
  log "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# etcd-server's package starts a system etcd on :2379; the tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  $SUDO systemctl stop etcd || true
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-test.txt | sha256sum | cut -d" " -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  log "pip install -r requirements-test.txt (runtime + test)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-test.txt
  echo "$want" >"$stamp"
fi

bash scripts/build-control-plane.sh

# platform.runtime resolves to this checkout (ansible.cfg: collections_path).
mkdir -p .collections/ansible_collections/platform
ln -sfn "$ROOT" .collections/ansible_collections/platform/runtime
log "ready: source .venv/bin/activate"

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

# .venv runs on Python 3.13 (ansible 14 needs 3.12 or newer): $PYTHON if set, else pyenv's newest 3.13, else
# python3.13 on PATH, else python3 when it is 3.12 or newer; otherwise stop and say what to install.
WANT_PY=3.13
find_python() {
  local cand root=${PYENV_ROOT:-$HOME/.pyenv}
  if [[ -n ${PYTHON:-} ]]; then echo "$PYTHON"; return 0; fi
  for cand in $(ls -d "$root"/versions/$WANT_PY.*/bin/python$WANT_PY 2>/dev/null | sort -V -r) "$(command -v python$WANT_PY 2>/dev/null)"; do
    [[ -n $cand && -x $cand ]] && { echo "$cand"; return 0; }
  done
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    log "no Python $WANT_PY (looked in $root/versions and on PATH); falling back to python3 ($(python3 --version 2>&1))"
    command -v python3; return 0
  fi
  log "no Python $WANT_PY, and python3 is $(python3 --version 2>&1 || echo missing): ansible 14 needs Python 3.12 or newer." \
    "Install one (pyenv install $WANT_PY, or apt-get install python3.13 where available) or set PYTHON=/path/to/python3.X"
  return 1
}
PY=$(find_python)
py_ver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [[ -x .venv/bin/python && $(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])') != "$py_ver" ]]; then
  log "recreating .venv: it runs Python $(.venv/bin/python -c 'import platform; print(platform.python_version())'), this checkout wants $py_ver ($PY)"
  rm -rf .venv
fi
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv with $PY (Python $py_ver)"
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

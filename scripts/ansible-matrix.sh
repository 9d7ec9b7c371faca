#!/usr/bin/env bash
# The supported Ansible range, tested at both ends: ansible-test sanity and the unit tests on
#   - the oldest: ansible 11.13.0 (ansible-core 2.18), Python 3.11
#   - the newest: ansible 14.5.0 (ansible-core 2.21), Python 3.13
# each in a cached venv outside the repository (${XDG_CACHE_HOME:-~/.cache}/platform-runtime/venvs/<name>),
# made with pyenv's interpreters (or python3.X on PATH) and rebuilt only when its requirements change.
#
#   scripts/ansible-matrix.sh                       sanity and unit on every entry
#   scripts/ansible-matrix.sh sanity|unit|setup     one stage on every entry (setup: only create the venvs)
#   MATRIX=newest scripts/ansible-matrix.sh site    site.yml on a private local control plane: converge, re-run with
#                                                   changed=0, state=absent (needs the control-plane build; the
#                                                   pinned data from ../shared/upstream when there, else fetched)
#   MATRIX=newest scripts/ansible-matrix.sh unit    one entry (oldest|newest)
#   scripts/ansible-matrix.sh --venv newest         print the venv's path (created if needed), e.g. for a site run
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/platform-runtime
VENVS=$CACHE/venvs
export ANSIBLE_CONFIG="$ROOT/ansible.cfg"
export PY_COLORS=0 ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0

# name | Python | the ansible package (it bundles ansible-core and kubernetes.core, amazon.aws, community.aws)
declare -A PYTHON=([oldest]=3.11 [newest]=3.13)
declare -A ANSIBLE=([oldest]=ansible==11.13.0 [newest]=ansible==14.5.0)
ORDER=(oldest newest)
# What the unit tests need from requirements-test.txt besides the runtime pins (no linters, no molecule).
TEST_PACKAGES='^(pytest|moto\[server\]|kubernetes-validate|promql-parser)=='

log() { printf '[ansible-matrix] %s\n' "$*" >&2; }

find_python() {
  local want=$1 root=${PYENV_ROOT:-$HOME/.pyenv} cand
  for cand in $(ls -d "$root"/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -V -r) "$(command -v "python$want" 2>/dev/null)"; do
    [[ -n $cand && -x $cand ]] && { echo "$cand"; return 0; }
  done
  log "no Python $want: looked in $root/versions/$want.*/bin and for python$want on PATH (install it with: pyenv install $want)"
  return 1
}

requirements_for() {
  # requirements.txt's runtime pins with this entry's ansible, plus the unit tests' tools from requirements-test.txt
  grep -vE '^\s*(#|$|ansible==)' requirements.txt
  echo "${ANSIBLE[$1]}"
  grep -E "$TEST_PACKAGES" requirements-test.txt
}

ensure_venv() {
  local entry=$1 py venv reqs want
  py=$(find_python "${PYTHON[$entry]}") || return 1
  venv="$VENVS/${ANSIBLE[$entry]/==/-}-py${PYTHON[$entry]}"
  reqs=$(requirements_for "$entry")
  want=$(printf '%s\n%s\n' "$py" "$reqs" | sha256sum | cut -d' ' -f1)
  if [[ ! -f $venv/.requirements.sha256 || $(cat "$venv/.requirements.sha256") != "$want" ]]; then
    log "$entry: creating $venv (${ANSIBLE[$entry]}, $py)"
    rm -rf "$venv"
    "$py" -m venv "$venv" || return 1
    printf '%s\n' "$reqs" >"$venv/requirements.txt"
    { "$venv/bin/python" -m pip install -q --upgrade pip && "$venv/bin/python" -m pip install -q -r "$venv/requirements.txt"; } 2>&1 |
      grep -v "^WARNING: Location '" >&2
    [[ ${PIPESTATUS[0]} -eq 0 ]] || { log "$entry: pip install -r $venv/requirements.txt failed"; return 1; }
    echo "$want" >"$venv/.requirements.sha256"
  fi
  echo "$venv"
}

run_sanity() {
  local venv=$1 tmp dest pyver pipver rc
  pyver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  tmp=$(mktemp -d)
  dest=$(bash scripts/collection-tree.sh "$tmp" "$venv/bin/python") || { rm -rf "$tmp"; return 1; }
  # ansible-test bootstraps pip in its venvs with a downloaded get-pip.py; use our PyPI-only stand-in (test.sh does the same).
  pipver=$("$venv/bin/python" -c 'from ansible_test._internal.python_requirements import get_venv_packages; import types, sys; print(get_venv_packages(types.SimpleNamespace(version="%d.%d" % sys.version_info[:2]))["pip"])' 2>/dev/null || echo 24.2)
  mkdir -p ~/.ansible/test/cache
  cp scripts/ansible_test_get_pip.py ~/.ansible/test/cache/get_pip_${pipver//./_}.py
  (cd "$dest" && PATH="$venv/bin:$PATH" ansible-test sanity --python "$pyver" --requirements --color no 2>&1 |
    grep -v -E '^(Installing requirements|Using cached pip|Looking in links|Processing /|Successfully installed|Installing collected)'
    exit "${PIPESTATUS[0]}")
  rc=$?
  rm -rf "$tmp"
  return $rc
}

run_site() {
  # site.yml on a private local control plane (not the inventory's `local`): converge, a re-run with changed=0, then
  # state=absent. Only on the newest entry (the oldest runs the whole suite nowhere; the .venv runs every layer).
  local venv=$1 dir log rc=0 recap
  [[ $venv == *"${ANSIBLE[newest]/==/-}"* ]] || { echo "site: only on the newest entry"; return 0; }
  dir=$(mktemp -d)
  local args=(site.yml -i inventories/local -e envtest_cluster_name=matrix-$$ -e "envtest_cluster_state_dir=$dir/cp"
    -e "envtest_cluster_kubeconfig_path=$dir/admin.kubeconfig")
  # The pinned data as make site hands it over: the development copy as a pre-fetched directory, when it is there.
  [[ ! -d $ROOT/../shared/upstream ]] || args+=(-e "platform_upstream_dir=$(cd "$ROOT/../shared/upstream" && pwd)")
  for run in converge re-run; do
    log="$dir/$run.log"
    PATH="$venv/bin:$PATH" ansible-playbook "${args[@]}" >"$log" 2>&1 || { tail -40 "$log"; rc=1; break; }
    recap=$(grep -A1 '^PLAY RECAP' "$log" | tail -1)
    echo "site $run: $recap"
    if [[ $run == re-run && $recap != *" changed=0 "* ]]; then
      echo "site: the re-run changed something"; grep -B2 '^changed:' "$log" | head -40; rc=1
    fi
  done
  PATH="$venv/bin:$PATH" ansible-playbook "${args[@]}" -e platform_cluster_state=absent >"$dir/absent.log" 2>&1 || { tail -20 "$dir/absent.log"; rc=1; }
  rm -rf "$dir"
  return $rc
}

run_unit() {
  local venv=$1
  PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest tests/unit -q -p no:cacheprovider
}

if [[ ${1:-} == --venv ]]; then
  ensure_venv "${2:?--venv oldest|newest}"
  exit $?
fi

STAGES=("$@")
[[ ${#STAGES[@]} -gt 0 ]] || STAGES=(sanity unit)
ENTRIES=("${ORDER[@]}")
[[ -z ${MATRIX:-} ]] || read -r -a ENTRIES <<<"$MATRIX"
declare -a SUMMARY=()
FAILED=0
for entry in "${ENTRIES[@]}"; do
  [[ -n ${PYTHON[$entry]:-} ]] || { log "unknown entry '$entry' (expected: ${ORDER[*]})"; exit 2; }
  start=$SECONDS
  if ! venv=$(ensure_venv "$entry"); then
    SUMMARY+=("$(printf '%-7s %-16s %-7s FAILED %4ds' "$entry" "${ANSIBLE[$entry]}" "venv" $((SECONDS - start)))")
    FAILED=1
    continue
  fi
  core=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
  pyv=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
  for stage in "${STAGES[@]}"; do
    [[ $stage == setup ]] && continue
    start=$SECONDS
    printf '\n===== %s: %s (ansible-core %s, Python %s) =====\n' "$stage" "${ANSIBLE[$entry]}" "$core" "$pyv"
    if "run_$stage" "$venv"; then result=ok; else result=FAILED; FAILED=1; fi
    SUMMARY+=("$(printf '%-7s %-16s core %-8s py %-7s %-7s %-6s %4ds' "$entry" "${ANSIBLE[$entry]}" "$core" "$pyv" "$stage" "$result" $((SECONDS - start)))")
  done
done
printf '\n===== ansible matrix =====\n'
printf '%s\n' "${SUMMARY[@]}"
exit $FAILED

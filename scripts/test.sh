#!/usr/bin/env bash
# The whole test suite, layer by layer, with the time each stage takes.
#   scripts/test.sh            all stages (what CI runs)
#   scripts/test.sh unit ...   only the named stages
# Stages: bootstrap lint sanity unit matrix integration molecule build
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$ROOT/ansible.cfg"
export PY_COLORS=0 ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
STAGES=("$@")
[[ ${#STAGES[@]} -gt 0 ]] || STAGES=(bootstrap lint sanity unit matrix integration molecule build)
declare -a SUMMARY=()
FAILED=0

stage() {
  local name=$1; shift
  local start=$SECONDS
  printf '\n===== stage %s =====\n' "$name"
  if "$@"; then
    SUMMARY+=("$(printf '%-12s ok     %4ds' "$name" $((SECONDS - start)))")
  else
    SUMMARY+=("$(printf '%-12s FAILED %4ds' "$name" $((SECONDS - start)))")
    FAILED=1
  fi
}

do_bootstrap() { bash scripts/bootstrap.sh && bash scripts/install-test-tools.sh; }

do_lint() {
  ruff check plugins tests benchmarks scripts &&
  ruff format --check plugins tests benchmarks scripts &&
  ansible-lint --profile production --strict -q
}

do_sanity() {
  # ansible-test needs the tree at ansible_collections/<ns>/<name>; test the git-tracked files.
  local tmp; tmp=$(mktemp -d)
  local dest="$tmp/ansible_collections/platform/runtime"
  mkdir -p "$dest"
  git ls-files -z --cached --others --exclude-standard | grep -zv '^\.collections' | xargs -0 -I{} cp --parents {} "$dest/" 2>/dev/null
  # The collections our plugins import from or document with sit next to ours, as after `ansible-galaxy collection
  # install` (ansible-test only looks in this tree): linked from the venv's ansible package.
  local deps; deps=$(python -c 'import ansible_collections.amazon.aws as m, os; print(os.path.dirname(os.path.dirname(list(m.__path__)[0])))')
  for dep in amazon/aws kubernetes/core community/general; do
    mkdir -p "$tmp/ansible_collections/${dep%/*}" && ln -s "$deps/$dep" "$tmp/ansible_collections/$dep"
  done
  # ansible-test bootstraps pip in its venvs with a downloaded get-pip.py; use our PyPI-only stand-in.
  local pipver
  pipver=$(python -c 'from ansible_test._internal.python_requirements import get_venv_packages; from ansible_test._internal.config import *; import types; print(get_venv_packages(types.SimpleNamespace(version="%d.%d" % __import__("sys").version_info[:2]))["pip"])' 2>/dev/null || echo 24.2)
  mkdir -p ~/.ansible/test/cache
  cp scripts/ansible_test_get_pip.py ~/.ansible/test/cache/get_pip_${pipver//./_}.py
  (cd "$dest" && git init -q && git add -A && ansible-test sanity --python "$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
      --requirements --color no 2>&1 | grep -v -E '^(Installing requirements|Using cached pip|Looking in links|Processing /|Successfully installed|Installing collected)'; exit "${PIPESTATUS[0]}")
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

do_unit() { python -m pytest tests/unit -q -p no:cacheprovider; }

# The other end of the supported range: ansible-core 2.18 on Python 3.11, sanity and unit tests. The newest end
# (ansible 14.5.0, core 2.21, Python 3.13) is the .venv itself, so every other stage and make site already run on it;
# `bash scripts/ansible-matrix.sh` runs both entries in their own venvs, `MATRIX=newest ... site` a private site.yml.
do_matrix() { MATRIX=oldest bash scripts/ansible-matrix.sh sanity unit; }

do_integration() { python -m pytest tests/integration -q -p no:cacheprovider -rs --durations=25; }

do_molecule() {
  local rc=0
  for scenario in $(ls molecule); do
    [[ -f molecule/$scenario/.ci-skip ]] && { echo "molecule: $scenario skipped here: $(cat "molecule/$scenario/.ci-skip")"; continue; }
    molecule test -s "$scenario" || rc=1
  done
  return $rc
}

do_build() {
  local out rc=0 listed missing=""
  out=$(mktemp -d)
  ansible-galaxy collection build --force --output-path "$out" >/dev/null || rc=1
  [[ $rc -ne 0 ]] || python scripts/check_artifact.py "$out"/platform-runtime-*.tar.gz || rc=1
  rm -rf "$out"
  listed=$(ansible-doc -l platform.runtime) || rc=1
  echo "$listed"
  for m in plugins/modules/*.py; do
    m=$(basename "$m" .py)
    grep -q "^platform.runtime.$m " <<<"$listed" || missing="$missing $m"
  done
  [[ -z $missing ]] || { echo "ansible-doc -l does not list:$missing"; rc=1; }
  return $rc
}

for s in "${STAGES[@]}"; do
  stage "$s" "do_$s"
  if [[ $s == bootstrap && $FAILED -ne 0 ]]; then break; fi
done
printf '\n===== stage times =====\n'
printf '%s\n' "${SUMMARY[@]}"
exit $FAILED

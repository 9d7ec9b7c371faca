#!/usr/bin/env bash
# Lay out the collection as ansible-test needs it: DEST/ansible_collections/platform/runtime with the git-tracked
# (and untracked, not ignored) files of this checkout, its own git repository, and the collections our plugins
# import from or document with linked beside it from the ansible package of PYTHON (as after `ansible-galaxy
# collection install`; ansible-test only looks in this tree).
#   scripts/collection-tree.sh DEST [PYTHON]     prints DEST/ansible_collections/platform/runtime
# Shared by scripts/test.sh (sanity) and scripts/ansible-matrix.sh.
set -euo pipefail
dest_root=${1:?usage: collection-tree.sh DEST [PYTHON]}
py=${2:-python}
cd "$(dirname "$0")/.."
dest="$dest_root/ansible_collections/platform/runtime"
mkdir -p "$dest"
git ls-files -z --cached --others --exclude-standard | grep -zv '^\.collections' | xargs -0 -I{} cp --parents {} "$dest/" 2>/dev/null || true
deps=$("$py" -c 'import ansible_collections.amazon.aws as m, os; print(os.path.dirname(os.path.dirname(list(m.__path__)[0])))')
for dep in amazon/aws kubernetes/core community/general; do
  mkdir -p "$dest_root/ansible_collections/${dep%/*}"
  ln -sfn "$deps/$dep" "$dest_root/ansible_collections/$dep"
done
(cd "$dest" && git init -q && git add -A)
echo "$dest"

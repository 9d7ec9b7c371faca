#!/usr/bin/env bash
# Pre-fetch and verify the pinned upstream data into DIR: a thin wrapper around the collection's own playbook,
#   ansible-playbook platform.runtime.fetch_upstream -e platform_upstream_dir=DIR [-e platform_upstream_mirror=URL]
# which works the same from an installed collection. Usage: scripts/fetch-upstream.sh DIR [MIRROR_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 ]] || { echo "usage: $0 DIR [MIRROR_URL]" >&2; exit 2; }
args=(-e "platform_upstream_dir=$(realpath -m "$1")")
[[ -z ${2:-} ]] || args+=(-e "platform_upstream_mirror=$2")
exec .venv/bin/ansible-playbook platform.runtime.fetch_upstream "${args[@]}"

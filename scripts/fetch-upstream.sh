#!/usr/bin/env bash
# Download the pinned upstream data (the files ../shared/upstream holds) from the upstream release tags,
# for users with internet access. It cannot run in the offline development sandbox, where ../shared/upstream is
# provided; it has not been run there.
#   scripts/fetch-upstream.sh [DEST]    DEST defaults to $PLATFORM_RUNTIME_UPSTREAM or ../shared/upstream
# FLUX_INSTALL_SHA256, when set, is checked against the downloaded Flux install manifest.
# Needs curl, git (for the CRD directories) and sha256sum.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:-${PLATFORM_RUNTIME_UPSTREAM:-../shared/upstream}}
FLUX=2.9.4
ISTIO=1.30.3
GATEKEEPER=3.23.0
KPS=88.5.3
RAW=https://raw.githubusercontent.com

fetch() { # url dest
  mkdir -p "$(dirname "$2")"
  echo "fetch $1"
  curl -fsSL --retry 3 -o "$2.tmp" "$1" && mv "$2.tmp" "$2"
}

fetch_dir() { # repo tag path-in-repo dest-dir
  local tmp
  tmp=$(mktemp -d)
  echo "fetch https://github.com/$1 $2:$3"
  git clone -q --depth 1 --branch "$2" --filter=blob:none --sparse "https://github.com/$1.git" "$tmp"
  git -C "$tmp" sparse-checkout set "$3"
  mkdir -p "$4"
  cp "$tmp/$3"/*.yaml "$4/"
  rm -rf "$tmp"
}

# Flux: the release's install manifest (source, kustomize, helm and notification controllers).
fetch "https://github.com/fluxcd/flux2/releases/download/v$FLUX/install.yaml" "$DEST/flux-$FLUX/install.yaml"
if [[ -n "${FLUX_INSTALL_SHA256:-}" ]]; then
  echo "$FLUX_INSTALL_SHA256  $DEST/flux-$FLUX/install.yaml" | sha256sum -c - || { echo "sha256 mismatch" >&2; exit 1; }
else
  echo "note: FLUX_INSTALL_SHA256 not set; sha256 is $(sha256sum "$DEST/flux-$FLUX/install.yaml" | cut -d' ' -f1)" >&2
fi

# Istio charts and CRDs.
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/base/files/crd-all.gen.yaml" "$DEST/istio-$ISTIO/crd-all.gen.yaml"
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/base/values.yaml" "$DEST/istio-$ISTIO/base/values.yaml"
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/istio-control/istio-discovery/values.yaml" "$DEST/istio-$ISTIO/istiod/values.yaml"
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/gateway/values.yaml" "$DEST/istio-$ISTIO/gateway/values.yaml"
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/gateway/values.schema.json" "$DEST/istio-$ISTIO/gateway/values.schema.json"

# Gatekeeper.
fetch "$RAW/open-policy-agent/gatekeeper/v$GATEKEEPER/deploy/gatekeeper.yaml" "$DEST/gatekeeper-$GATEKEEPER/gatekeeper.yaml"
fetch "$RAW/open-policy-agent/gatekeeper/v$GATEKEEPER/charts/gatekeeper/values.yaml" "$DEST/gatekeeper-$GATEKEEPER/values.yaml"
fetch_dir open-policy-agent/gatekeeper "v$GATEKEEPER" charts/gatekeeper/crds "$DEST/gatekeeper-$GATEKEEPER/crds"

# kube-prometheus-stack.
fetch "$RAW/prometheus-community/helm-charts/kube-prometheus-stack-$KPS/charts/kube-prometheus-stack/values.yaml" "$DEST/kube-prometheus-stack-$KPS/values.yaml"
fetch_dir prometheus-community/helm-charts "kube-prometheus-stack-$KPS" charts/kube-prometheus-stack/charts/crds/crds "$DEST/kube-prometheus-stack-$KPS/crds"

echo "upstream data in $DEST"

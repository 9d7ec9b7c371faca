#!/usr/bin/env bash
# Download the pinned upstream data (the files ../shared/upstream holds) from the upstream release tags,
# for users with internet access. It cannot run in the offline development sandbox, where ../shared/upstream is
# provided; it has not been run there. .github/workflows/kind.yml runs it on the hosted runner.
#   scripts/fetch-upstream.sh [DEST]            DEST defaults to $PLATFORM_RUNTIME_UPSTREAM or ../shared/upstream
#   scripts/fetch-upstream.sh --check [DIR]     only check that DIR holds every file the roles read (no network)
# FLUX_INSTALL_SHA256, when set, is checked against the downloaded Flux install manifest.
# Needs curl, tar, git (for the CRD, chart and library directories) and sha256sum.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK_ONLY=false
if [[ ${1:-} == --check ]]; then CHECK_ONLY=true; shift; fi
DEST=${1:-${PLATFORM_RUNTIME_UPSTREAM:-../shared/upstream}}
FLUX=2.9.4
CERT_MANAGER=1.21.1
ISTIO=1.30.3
GATEKEEPER=3.23.0
GATEKEEPER_LIBRARY=5c441fb
KPS=88.5.3
VELERO=12.1.0
RAW=https://raw.githubusercontent.com

# What the roles read (defaults/main.yml of flux, cert_manager, istio, gatekeeper, monitoring, backup, platform_verify;
# module_utils/policy_set.py and policy_apply.py), relative to DEST.
REQUIRED=(
  "flux-$FLUX/install.yaml"
  "cert-manager-$CERT_MANAGER/cert-manager.crds.yaml"
  "cert-manager-$CERT_MANAGER/chart/values.yaml"
  "cert-manager-$CERT_MANAGER/chart/values.schema.json"
  "istio-$ISTIO/crd-all.gen.yaml"
  "istio-$ISTIO/charts/base/values.yaml"
  "istio-$ISTIO/charts/istiod/values.yaml"
  "istio-$ISTIO/charts/gateway/values.yaml"
  "istio-$ISTIO/charts/gateway/values.schema.json"
  "gatekeeper-$GATEKEEPER/chart/values.yaml"
  "gatekeeper-$GATEKEEPER/crds/constrainttemplate-customresourcedefinition.yaml"
  "gatekeeper-library-$GATEKEEPER_LIBRARY/library/general/allowedrepos/template.yaml"
  "kube-prometheus-stack-$KPS/values.yaml"
  "kube-prometheus-stack-$KPS/crds/crd-prometheusrules.yaml"
  "kube-prometheus-stack-$KPS/crds/crd-servicemonitors.yaml"
  "kube-prometheus-stack-$KPS/crds/crd-podmonitors.yaml"
  "velero-$VELERO/chart/values.yaml"
  "velero-$VELERO/chart/values.schema.json"
)

check() {
  local missing=0 f
  for f in "${REQUIRED[@]}"; do
    [[ -s $DEST/$f ]] || { echo "missing: $DEST/$f" >&2; missing=1; }
  done
  [[ $missing == 0 ]] && echo "upstream data in $DEST: all ${#REQUIRED[@]} files the roles read are there"
  return $missing
}

if $CHECK_ONLY; then check; exit; fi

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

fetch_tree() { # repo ref path-in-repo dest-dir: the whole directory; ref is a tag or a (short) commit
  local tmp shallow=()
  tmp=$(mktemp -d)
  echo "fetch https://github.com/$1 $2:$3"
  # A tag is cloned alone; a short commit needs the history (without blobs) to be resolved.
  [[ $2 =~ ^[0-9a-f]{7,40}$ ]] || shallow=(--depth 1 --branch "$2")
  git clone -q --filter=blob:none --no-checkout "${shallow[@]}" "https://github.com/$1.git" "$tmp"
  git -C "$tmp" sparse-checkout set "$3"
  git -C "$tmp" checkout -q "$2"
  mkdir -p "$4"
  cp -R "$tmp/$3/." "$4/"
  rm -rf "$tmp"
}

fetch_chart() { # url of a packaged chart (.tgz) dest-dir
  local tmp
  tmp=$(mktemp -d)
  fetch "$1" "$tmp/chart.tgz"
  mkdir -p "$2"
  tar -xzf "$tmp/chart.tgz" -C "$2" --strip-components=1
  rm -rf "$tmp"
}

# Flux: the release's install manifest (source, kustomize, helm and notification controllers).
fetch "https://github.com/fluxcd/flux2/releases/download/v$FLUX/install.yaml" "$DEST/flux-$FLUX/install.yaml"
if [[ -n "${FLUX_INSTALL_SHA256:-}" ]]; then
  echo "$FLUX_INSTALL_SHA256  $DEST/flux-$FLUX/install.yaml" | sha256sum -c - || { echo "sha256 mismatch" >&2; exit 1; }
else
  echo "note: FLUX_INSTALL_SHA256 not set; sha256 is $(sha256sum "$DEST/flux-$FLUX/install.yaml" | cut -d' ' -f1)" >&2
fi

# cert-manager: the CRDs and the packaged chart (values.yaml, values.schema.json).
fetch "https://github.com/cert-manager/cert-manager/releases/download/v$CERT_MANAGER/cert-manager.crds.yaml" \
  "$DEST/cert-manager-$CERT_MANAGER/cert-manager.crds.yaml"
fetch_chart "https://charts.jetstack.io/charts/cert-manager-v$CERT_MANAGER.tgz" "$DEST/cert-manager-$CERT_MANAGER/chart"

# Istio charts and CRDs. The istio role reads charts/<chart>/; <chart>/ is the layout this script wrote before.
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/base/files/crd-all.gen.yaml" "$DEST/istio-$ISTIO/crd-all.gen.yaml"
for chart in base:base istiod:istio-control/istio-discovery gateway:gateway; do
  fetch "$RAW/istio/istio/$ISTIO/manifests/charts/${chart#*:}/values.yaml" "$DEST/istio-$ISTIO/charts/${chart%%:*}/values.yaml"
  mkdir -p "$DEST/istio-$ISTIO/${chart%%:*}" && cp "$DEST/istio-$ISTIO/charts/${chart%%:*}/values.yaml" "$DEST/istio-$ISTIO/${chart%%:*}/"
done
fetch "$RAW/istio/istio/$ISTIO/manifests/charts/gateway/values.schema.json" "$DEST/istio-$ISTIO/charts/gateway/values.schema.json"
cp "$DEST/istio-$ISTIO/charts/gateway/values.schema.json" "$DEST/istio-$ISTIO/gateway/"

# Gatekeeper.
fetch "$RAW/open-policy-agent/gatekeeper/v$GATEKEEPER/deploy/gatekeeper.yaml" "$DEST/gatekeeper-$GATEKEEPER/gatekeeper.yaml"
fetch "$RAW/open-policy-agent/gatekeeper/v$GATEKEEPER/charts/gatekeeper/values.yaml" "$DEST/gatekeeper-$GATEKEEPER/values.yaml"
fetch_dir open-policy-agent/gatekeeper "v$GATEKEEPER" charts/gatekeeper/crds "$DEST/gatekeeper-$GATEKEEPER/crds"
fetch_tree open-policy-agent/gatekeeper "v$GATEKEEPER" charts/gatekeeper "$DEST/gatekeeper-$GATEKEEPER/chart"
# The policy library at the pinned commit (ConstraintTemplates and their suites).
fetch_tree open-policy-agent/gatekeeper-library "$GATEKEEPER_LIBRARY" library "$DEST/gatekeeper-library-$GATEKEEPER_LIBRARY/library"

# kube-prometheus-stack.
fetch "$RAW/prometheus-community/helm-charts/kube-prometheus-stack-$KPS/charts/kube-prometheus-stack/values.yaml" "$DEST/kube-prometheus-stack-$KPS/values.yaml"
fetch_dir prometheus-community/helm-charts "kube-prometheus-stack-$KPS" charts/kube-prometheus-stack/charts/crds/crds "$DEST/kube-prometheus-stack-$KPS/crds"

# Velero: the packaged chart (values.yaml, values.schema.json).
fetch_chart "https://github.com/vmware-tanzu/helm-charts/releases/download/velero-$VELERO/velero-$VELERO.tgz" "$DEST/velero-$VELERO/chart"

check

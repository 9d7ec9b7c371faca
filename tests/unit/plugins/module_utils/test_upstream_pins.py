"""The pinned list: every pin recomputed from the test bed's copy, the item map, the mirror layout."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import upstream_pins

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def test_every_pin_is_the_sha256_of_the_upstream_bytes(upstream_dir):
    recomputed = upstream_pins.hash_tree(upstream_dir)
    assert {item: upstream_pins.pinned(item) for item in upstream_pins.SOURCES} == recomputed
    assert sum(len(v) for v in recomputed.values()) > 500  # the library, the Gatekeeper chart, CRDs and values


def test_first_use_files_exist_in_the_reference_copy(upstream_dir):
    first_use = [(item, p) for item in upstream_pins.SOURCES for p, _u, sha in upstream_pins.files(item) if sha is None]
    assert ("flux-2.9.4", "install.yaml") in first_use and ("cert-manager-1.21.1", "cert-manager.crds.yaml") in first_use
    for item, path in first_use:
        assert os.path.isfile(os.path.join(upstream_dir, item, path)), (item, path)


def test_every_file_has_an_https_url_named_after_its_release():
    for item, source in upstream_pins.SOURCES.items():
        version = item.rsplit("-", 1)[1]
        for path, url, _sha in upstream_pins.files(item):
            assert url.startswith("https://"), (item, path)
            assert version.lstrip("v") in url, (item, path, url)
        assert source["components"], item


def test_items_for_components_and_names():
    assert upstream_pins.items_for(["gatekeeper"]) == ["gatekeeper-3.23.0", "gatekeeper-library-5c441fb"]
    assert upstream_pins.items_for(["flux", "backup"], ["istio-1.30.3"]) == ["flux-2.9.4", "istio-1.30.3", "velero-12.1.0"]
    assert upstream_pins.items_for([]) == []
    assert upstream_pins.items_for() == sorted(upstream_pins.SOURCES)
    with pytest.raises(upstream_pins.UnknownItem, match="item 'flux-9.9.9': expected one of"):
        upstream_pins.items_for(items=["flux-9.9.9"])


def test_tree_entries_map_each_file_under_the_base_url():
    files = {p: u for p, u, _s in upstream_pins.files("gatekeeper-library-5c441fb")}
    url = files["library/general/httpsonly/template.yaml"]
    assert url == (
        "https://raw.githubusercontent.com/open-policy-agent/gatekeeper-library/"
        "5c441fb645f257b2c428fe9aea22da24a94b5bab/library/general/httpsonly/template.yaml"
    )


def test_mirror_url_keeps_host_and_path():
    url = "https://raw.githubusercontent.com/istio/istio/refs/tags/1.30.3/manifests/charts/base/values.yaml"
    assert upstream_pins.mirror_url(url, None) == url
    assert upstream_pins.mirror_url(url, "https://repo.example.com/remote/") == (
        "https://repo.example.com/remote/raw.githubusercontent.com/istio/istio/refs/tags/1.30.3/manifests/charts/base/values.yaml"
    )


@pytest.mark.parametrize(
    ("role", "variable", "item_prefix"),
    [
        ("flux", "flux_version", "flux-"),
        ("cert_manager", "cert_manager_version", "cert-manager-"),
        ("istio", "istio_version", "istio-"),
        ("gatekeeper", "gatekeeper_chart_version", "gatekeeper-"),
    ],
)
def test_role_default_versions_are_pinned(role, variable, item_prefix):
    with open(os.path.join(ROOT, "roles", role, "defaults", "main.yml")) as f:
        version = str(yaml.safe_load(f)[variable]).lstrip("v")
    assert f"{item_prefix}{version}" in upstream_pins.SOURCES


def test_scripted_pins_are_current(upstream_dir, tmp_path):
    """scripts/pin-upstream.py writes exactly what is committed (run it after changing SOURCES)."""
    src = os.path.join(ROOT, "plugins", "module_utils", "upstream_pins.py")
    with open(src) as f:
        before = f.read()
    try:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "pin-upstream.py"), upstream_dir], check=True, capture_output=True)
        with open(src) as f:
            after = f.read()
    finally:
        with open(src, "w") as f:
            f.write(before)
    assert after == before


def test_no_product_file_names_the_test_beds_copy():
    pattern = re.compile(r"\.\./shared|shared/upstream")
    hits = []
    for top in ("roles", "plugins", "playbooks"):
        for dirpath, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for fn in files:
                path = os.path.join(dirpath, fn)
                with open(path, errors="replace") as f:
                    if pattern.search(f.read()):
                        hits.append(os.path.relpath(path, ROOT))
    assert hits == []

"""The resolver against a real HTTP mirror on 127.0.0.1 (tests/support/mirror.py) serving the pinned bytes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading

import pytest
from ansible.module_utils.urls import open_url

from ansible_collections.platform.runtime.plugins.module_utils import upstream_pins, upstream_store
from ansible_collections.platform.runtime.tests.support.mirror import Mirror

ITEMS = ["flux-2.9.4", "velero-12.1.0"]  # one file pinned on first use, 15 pinned files


@pytest.fixture
def mirror(upstream_dir):
    with Mirror(upstream_dir) as m:
        yield m


def resolve(tmp_path, mirror_url, **kw):
    kw.setdefault("cache_dir", str(tmp_path / "cache"))
    kw.setdefault("lock_file", str(tmp_path / "inventory" / "platform-upstream.lock.json"))
    return upstream_store.resolve(kw.pop("items", ITEMS), open_url, mirror=mirror_url, timeout=10, **kw)


def leftovers(root):
    return [os.path.join(d, f) for d, _s, files in os.walk(root) for f in files if f.startswith((".part-", ".platform-upstream."))]


def test_first_run_downloads_and_verifies_then_a_second_run_asks_for_nothing(tmp_path, mirror, upstream_dir):
    first = resolve(tmp_path, mirror.url)
    n = len(upstream_store.plan(ITEMS))
    assert first["changed"] and first["source"] == "cache" and first["files"] == n == len(first["fetched"])
    assert all(f["url"].startswith(mirror.url + "/") for f in first["fetched"])
    for key, item, path, _url, sha in upstream_store.plan(ITEMS):
        cached = os.path.join(first["root"], key)
        assert upstream_pins.sha256_file(cached) == (sha or upstream_pins.sha256_file(os.path.join(upstream_dir, item, path)))
    # The release asset is pinned on first use, in the lock file beside the inventory.
    assert [f["file"] for f in first["first_use"]] == ["flux-2.9.4/install.yaml"]
    with open(tmp_path / "inventory" / "platform-upstream.lock.json") as f:
        lock = json.load(f)
    assert lock["files"]["flux-2.9.4/install.yaml"]["sha256"] == upstream_pins.sha256_file(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml"))

    asked = len(mirror.requests)
    second = resolve(tmp_path, mirror.url)
    assert len(mirror.requests) == asked  # no request at all
    assert not second["changed"] and second["fetched"] == [] and second["first_use"] == []
    assert leftovers(str(tmp_path)) == []


def test_a_tampered_byte_is_refused_and_nothing_is_kept(tmp_path, mirror):
    mirror.tamper.add("velero-12.1.0/chart/values.yaml")
    with pytest.raises(upstream_store.UpstreamError) as e:
        resolve(tmp_path, mirror.url)
    msg = str(e.value)
    want = upstream_pins.pinned("velero-12.1.0")["chart/values.yaml"]
    assert "upstream velero-12.1.0/chart/values.yaml: sha256 mismatch" in msg
    assert mirror.url + "/raw.githubusercontent.com/vmware-tanzu/helm-charts/refs/tags/velero-12.1.0/charts/velero/values.yaml" in msg
    assert f"expected {want}, got " in msg and "platform.runtime.fetch_upstream" in msg
    assert str(tmp_path / "cache" / "velero-12.1.0" / "chart" / "values.yaml") in msg
    assert not os.path.exists(tmp_path / "cache" / "velero-12.1.0" / "chart" / "values.yaml")
    assert not os.path.exists(tmp_path / "inventory" / "platform-upstream.lock.json")  # the run stopped before the lock
    assert leftovers(str(tmp_path)) == []


def test_a_connection_dropped_mid_file_is_refused(tmp_path, mirror):
    mirror.drop.add("flux-2.9.4/install.yaml")  # pinned on first use: only the length can tell
    with pytest.raises(upstream_store.UpstreamError, match=r"upstream flux-2.9.4/install.yaml: (partial download|could not fetch)"):
        resolve(tmp_path, mirror.url)
    assert not os.path.exists(tmp_path / "cache" / "flux-2.9.4" / "install.yaml")
    assert not os.path.exists(tmp_path / "inventory" / "platform-upstream.lock.json")
    assert leftovers(str(tmp_path)) == []


def test_an_unreachable_source_names_the_url_and_the_prefetch_command(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(upstream_store.UpstreamError) as e:
        resolve(tmp_path, f"http://127.0.0.1:{port}", items=["flux-2.9.4"])
    msg = str(e.value)
    assert f"could not fetch http://127.0.0.1:{port}/github.com/fluxcd/flux2/releases/download/v2.9.4/install.yaml" in msg
    assert "ansible-playbook platform.runtime.fetch_upstream -e platform_upstream_dir=DIR" in msg


def test_a_corrupt_cache_copy_is_replaced(tmp_path, mirror):
    resolve(tmp_path, mirror.url)
    target = tmp_path / "cache" / "velero-12.1.0" / "chart" / "values.schema.json"
    target.write_text("{}")
    again = resolve(tmp_path, mirror.url)
    assert [f["file"] for f in again["fetched"]] == ["velero-12.1.0/chart/values.schema.json"]
    assert upstream_pins.sha256_file(str(target)) == upstream_pins.pinned("velero-12.1.0")["chart/values.schema.json"]


def test_a_release_asset_that_changed_since_first_use_is_refused(tmp_path, mirror):
    resolve(tmp_path, mirror.url)
    (tmp_path / "cache" / "flux-2.9.4" / "install.yaml").unlink()
    mirror.tamper.add("flux-2.9.4/install.yaml")
    with pytest.raises(upstream_store.UpstreamError, match="flux-2.9.4/install.yaml: sha256 mismatch .* expected [0-9a-f]{64}, got"):
        resolve(tmp_path, mirror.url)
    assert not os.path.exists(tmp_path / "cache" / "flux-2.9.4" / "install.yaml")


def test_check_mode_reports_first_use_without_writing_the_lock(tmp_path, mirror):
    out = resolve(tmp_path, mirror.url, check_mode=True)
    assert out["changed"] and [f["file"] for f in out["first_use"]] == ["flux-2.9.4/install.yaml"]
    assert not os.path.exists(tmp_path / "inventory" / "platform-upstream.lock.json")


def test_two_runs_at_once_share_the_cache(tmp_path, mirror):
    results, errors = [], []

    def run(i):
        try:
            results.append(resolve(tmp_path, mirror.url, lock_file=str(tmp_path / f"inv{i}" / "lock.json")))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 4
    again = resolve(tmp_path, mirror.url)
    assert again["fetched"] == []  # every file in the cache is whole and verified
    assert leftovers(str(tmp_path)) == []


def test_a_prepared_directory_is_used_as_is_and_checked(tmp_path, upstream_dir):
    prepared = tmp_path / "prepared"
    for item in ITEMS:
        shutil.copytree(os.path.join(upstream_dir, item), prepared / item)
    out = upstream_store.resolve(ITEMS, None, upstream_dir=str(prepared), lock_file=str(tmp_path / "lock.json"))
    assert out["source"] == "dir" and out["root"] == str(prepared) and out["fetched"] == []
    assert [f["file"] for f in out["first_use"]] == ["flux-2.9.4/install.yaml"]

    with open(prepared / "velero-12.1.0" / "chart" / "values.yaml", "ab") as f:
        f.write(b"# changed\n")
    with pytest.raises(upstream_store.UpstreamError, match="upstream velero-12.1.0/chart/values.yaml: .* does not match its pin"):
        upstream_store.resolve(ITEMS, None, upstream_dir=str(prepared), lock_file=str(tmp_path / "lock.json"))

    (prepared / "velero-12.1.0" / "chart" / "values.yaml").unlink()
    with pytest.raises(upstream_store.UpstreamError, match=r"platform_upstream_dir=.*: 1 pinned file\(s\) missing: velero-12.1.0/chart/values.yaml"):
        upstream_store.resolve(ITEMS, None, upstream_dir=str(prepared))


def test_a_lock_file_that_is_not_json_is_named(tmp_path):
    bad = tmp_path / "lock.json"
    bad.write_text("{")
    with pytest.raises(upstream_store.UpstreamError, match="lock file .*lock.json: cannot be read as JSON"):
        upstream_store.read_lock(str(bad))

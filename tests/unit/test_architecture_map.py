"""docs/architecture.md stays true: its map lists every file under plugins/, once, and every path it names exists."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
TOP_LEVEL = ("plugins/", "roles/", "tests/", "docs/", "playbooks/", "inventories/", "scripts/", "changelogs/", "policies/")  # meta/... is mostly a role's
# Walkthrough 4 names the files a new component adds; they do not exist until someone adds it.
NEW_COMPONENT = "logging"
PATH_RE = re.compile(r"`([\w./-]+/[\w.-]+)(?::[^`]*)?`")


def sections(text):
    """``{heading: body}`` of the level-2 sections."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def map_entries(text):
    """The plugin file each line of the map is about: the first backticked path of each ``- `plugins/...``` line."""
    body = sections(text)["Which file owns what"]
    return re.findall(r"^- `(plugins/[^`]+)`", body, flags=re.M)


def plugin_files():
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plugins").rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def named_paths(text):
    """Every repository path the page names in backticks (placeholders such as ``<env>`` left out)."""
    return sorted({m for m in PATH_RE.findall(text) if m.startswith(TOP_LEVEL)})


TEXT = DOC.read_text()


def test_map_lists_every_plugin_file():
    missing = sorted(set(plugin_files()) - set(map_entries(TEXT)))
    assert missing == [], f"add these to the map in docs/architecture.md, under their layer and domain: {missing}"


def test_map_lists_each_file_once_and_only_files_that_exist():
    entries = map_entries(TEXT)
    assert sorted({e for e in entries if entries.count(e) > 1}) == []
    assert sorted(set(entries) - set(plugin_files())) == []


def test_every_path_the_page_names_exists():
    paths = [p for p in named_paths(TEXT) if NEW_COMPONENT not in p]
    assert len(paths) > 100  # the map and the walkthroughs are read
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_four_walkthroughs_each_naming_real_files():
    walkthroughs = {h: b for h, b in sections(TEXT).items() if h.startswith("Walkthrough")}
    assert len(walkthroughs) == 4
    assert "Walkthrough 4: add a new component role" in walkthroughs
    for heading, body in walkthroughs.items():
        real = [p for p in named_paths(body) if (ROOT / p).exists()]
        assert len(real) >= 3, f"{heading} names too few real files: {real}"


@pytest.mark.parametrize(
    "text, missing_entry, stale",
    [
        ("## Which file owns what\n- `plugins/modules/wait_ready.py`: x\n## Next\n", "plugins/modules/flux_install.py", None),
        ("## Which file owns what\n- `plugins/modules/gone.py`: x\n## Next\n", None, "plugins/modules/gone.py"),
    ],
)
def test_the_checks_fail_on_a_missing_or_stale_entry(text, missing_entry, stale):
    entries = set(map_entries(text))
    if missing_entry:
        assert missing_entry in set(plugin_files()) - entries
    if stale:
        assert stale in entries - set(plugin_files())

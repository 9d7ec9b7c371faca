# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import os
import stat

from ansible_collections.platform.runtime.plugins.module_utils.files import write_private


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_private_creates_0600_and_reports_change(tmp_path):
    path = tmp_path / "sub" / "kubeconfig"
    assert write_private(str(path), "secret: 1\n") is True
    assert path.read_text() == "secret: 1\n"
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert write_private(str(path), "secret: 1\n") is False
    assert write_private(str(path), b"secret: 2\n") is True
    assert path.read_bytes() == b"secret: 2\n"
    assert [p.name for p in path.parent.iterdir()] == ["kubeconfig"]


def test_write_private_tightens_a_world_readable_file(tmp_path):
    path = tmp_path / "kubeconfig"
    path.write_text("x")
    os.chmod(path, 0o644)
    assert write_private(str(path), "x") is True
    assert _mode(path) == 0o600


def test_write_private_never_exposes_content_while_writing(tmp_path, monkeypatch):
    seen = []
    real_fchmod = os.fchmod

    def spy(fd, mode):
        seen.append((os.fstat(fd).st_size, mode))
        return real_fchmod(fd, mode)

    monkeypatch.setattr(os, "fchmod", spy)
    write_private(str(tmp_path / "k"), "data")
    assert seen == [(0, 0o600)]

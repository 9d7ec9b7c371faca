# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private files (kubeconfigs, keys, tokens): one writer, so the file mode is handled the same way everywhere."""

from __future__ import annotations

import os
import tempfile


def write_private(path, content, mode=0o600):
    """Write ``content`` (str or bytes) to ``path`` atomically with ``mode``; True when the file changed.

    The temporary file is created with the final mode before any byte is written, so the content is never
    readable by others, not even for a moment, and a crash leaves either the old file or the new one.
    An existing file with the same content keeps its inode; only its mode is corrected.
    """
    data = content.encode() if isinstance(content, str) else bytes(content)
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    try:
        with open(path, "rb") as f:
            same = f.read() == data
    except FileNotFoundError:
        same = False
    if same:
        if os.stat(path).st_mode & 0o777 != mode:
            os.chmod(path, mode)
            return True
        return False
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True

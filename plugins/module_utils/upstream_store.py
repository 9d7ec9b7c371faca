# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find, fetch and verify the pinned upstream data (upstream_pins) for a run: the one resolver of the collection.

Order, per run:

1. ``upstream_dir``: a directory prepared beforehand (``platform.runtime.fetch_upstream``), for air-gapped use.
   Every file must be there and match its pin; nothing is downloaded.
2. the cache (``cache_dir``, laid out like the directory: ``<item>/<path>``): files that match their pin are used.
3. a download, from ``mirror`` when it is set (the upstream URL's host and path under the mirror's base URL),
   otherwise from the upstream URL. It goes to a temporary file beside its place in the cache, is checked (length,
   sha256) and only then renamed into place, so a corrupt or partial file never sits in the cache and two runs at
   once do not see each other's half-written files.

Files pinned on first use (no sha256 in upstream_pins) are checked against the lock file beside the inventory;
the first run that sees one records it there.

``resolve`` raises ``UpstreamError`` before writing the lock file when anything is missing or wrong, naming the
item, the URL, the expected and actual sha256, the cache path and the command that pre-fetches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile

from ansible_collections.platform.runtime.plugins.module_utils import upstream_pins
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

LOCK_VERSION = 1
PREFETCH = "ansible-playbook platform.runtime.fetch_upstream -e platform_upstream_dir=DIR"
CHUNK = 1 << 16


class UpstreamError(PlatformError):
    """Upstream data that cannot be used; the message says what, where, and how to pre-fetch."""


def _hint(cache_path=None):
    where = f" The cache keeps no copy ({cache_path})." if cache_path else ""
    return (
        f"{where} Nothing was changed. To pre-fetch on a machine that reaches the source: {PREFETCH}, then run with "
        "-e platform_upstream_dir=DIR (or set platform_upstream_mirror to a mirror of the upstream URLs)."
    )


def read_lock(path):
    """{"<item>/<path>": {"url", "sha256"}} from the lock file; {} when there is none."""
    if not path or not os.path.exists(path):
        return {}
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise UpstreamError(f"lock file {path}: cannot be read as JSON ({e}); fix or remove it") from e
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise UpstreamError(f"lock file {path}: expected {{'version': {LOCK_VERSION}, 'files': {{...}}}}")
    return files


def write_lock(path, new_entries):
    """Merge ``new_entries`` into the lock file, atomically and under an advisory lock (runs at once both add)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    guard = os.open(directory, os.O_RDONLY)  # the directory itself is the advisory lock: no file is left behind
    try:
        with _flock(guard):
            files = read_lock(path)
            files.update(new_entries)
            fd, tmp = tempfile.mkstemp(prefix=".platform-upstream.", dir=directory)
            try:
                with os.fdopen(fd, "w") as f:
                    json.dump({"version": LOCK_VERSION, "files": dict(sorted(files.items()))}, f, indent=2, sort_keys=True)
                    f.write("\n")
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
    finally:
        os.close(guard)


@contextlib.contextmanager
def _flock(fd):
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _unlink(path):
    with contextlib.suppress(OSError):
        os.unlink(path)


def download(open_url, url, dest, expected, timeout, key):
    """Fetch ``url`` into ``dest`` through a verified temporary file; returns the sha256. ``expected`` None: not checked."""
    directory = os.path.dirname(dest)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=directory)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                resp = open_url(url, timeout=timeout)
                length = resp.headers.get("Content-Length") if getattr(resp, "headers", None) is not None else None
                for block in iter(lambda: resp.read(CHUNK), b""):
                    digest.update(block)
                    out.write(block)
                    size += len(block)
            except Exception as e:  # urllib, http.client (IncompleteRead), socket and TLS errors alike
                raise UpstreamError(f"upstream {key}: could not fetch {url}: {e}.{_hint(dest)}") from e
            if length is not None and str(length).isdigit() and int(length) != size:
                raise UpstreamError(f"upstream {key}: partial download from {url}: {size} of {length} bytes.{_hint(dest)}")
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if expected and actual != expected:
            raise UpstreamError(f"upstream {key}: sha256 mismatch for {url}: expected {expected}, got {actual}.{_hint(dest)}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
        return actual
    except BaseException:
        _unlink(tmp)
        raise


def plan(items):
    """[(key, item, path, url, pinned sha256 or None)] for the named items, in a stable order."""
    out = []
    for item in items:
        for path, url, sha in upstream_pins.files(item):
            out.append((f"{item}/{path}", item, path, url, sha))
    return out


def resolve(items, open_url, upstream_dir=None, cache_dir=None, mirror=None, lock_file=None, check_mode=False, timeout=60):
    """Make every file of ``items`` available and verified; returns what was used, fetched and pinned on first use.

    ``open_url(url, timeout=...)`` returns a response with ``read(n)`` and ``headers`` (ansible's urls.open_url).
    In check mode the cache may be filled (verified files only, as any run would), but the lock file is not written.
    """
    files = plan(items)
    lock = read_lock(lock_file)
    result = {"upstream_items": list(items), "files": len(files), "fetched": [], "first_use": [], "lock_file": lock_file}
    new_pins = {}

    def expected_for(key, sha):
        return sha or (lock.get(key) or {}).get("sha256")

    def check_first_use(key, url, sha, actual, where):
        if sha:
            return
        locked = (lock.get(key) or {}).get("sha256")
        if locked and locked != actual:
            raise UpstreamError(
                f"upstream {key}: sha256 of {where} differs from the lock file {lock_file} (pinned on first use): expected {locked}, got {actual}.{_hint()}"
            )
        if not locked:
            new_pins[key] = {"url": url, "sha256": actual}

    if upstream_dir:
        root = os.path.abspath(upstream_dir)
        missing = []
        for key, _item, _path, url, sha in files:
            full = os.path.join(root, key)
            if not os.path.isfile(full):
                missing.append(key)
                continue
            actual = upstream_pins.sha256_file(full)
            want = expected_for(key, sha)
            if want and actual != want:
                raise UpstreamError(
                    f"upstream {key}: {full} does not match its pin ({url}): expected {want}, got {actual}. "
                    f"Fetch the directory again with {PREFETCH}. Nothing was changed."
                )
            check_first_use(key, url, sha, actual, full)
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise UpstreamError(f"platform_upstream_dir={root}: {len(missing)} pinned file(s) missing: {shown}. Fill it with {PREFETCH}. Nothing was changed.")
        result.update(root=root, source="dir")
    else:
        if not cache_dir:
            raise UpstreamError("platform_upstream_cache: expected a directory for the download cache")
        root = os.path.abspath(cache_dir)
        for key, _item, _path, url, sha in files:
            full = os.path.join(root, key)
            want = expected_for(key, sha)
            if os.path.isfile(full):
                actual = upstream_pins.sha256_file(full)
                if not want or actual == want:
                    check_first_use(key, url, sha, actual, full)
                    continue
                _unlink(full)  # a corrupt or stale copy never stays in the cache
            source = upstream_pins.mirror_url(url, mirror)
            actual = download(open_url, source, full, want, timeout, key)
            check_first_use(key, url, sha, actual, source)
            result["fetched"].append({"file": key, "url": source})
        result.update(root=root, source="cache")
    result["first_use"] = [{"file": k, "url": v["url"], "sha256": v["sha256"]} for k, v in sorted(new_pins.items())]
    if new_pins and lock_file and not check_mode:
        write_lock(lock_file, new_pins)
    result["changed"] = bool(result["fetched"] or new_pins)
    return result


def run(params, check_mode, open_url):
    """The upstream_fetch module's flow: which items, then ``resolve``; ``open_url(url, timeout=..., validate_certs=...)``."""
    items = upstream_pins.items_for() if params["all"] else upstream_pins.items_for(params["components"], params["items"])
    out = resolve(
        items,
        lambda url, timeout: open_url(url, timeout=timeout, validate_certs=params["validate_certs"]),
        upstream_dir=params["dir"],
        cache_dir=params["cache"],
        mirror=params["mirror"],
        lock_file=params["lock_file"],
        check_mode=check_mode,
        timeout=params["timeout"],
    )
    out["components"] = sorted(set(params["components"]))
    return out

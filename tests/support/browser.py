"""Headless Chromium (Debian's `chromium`) for report tests: the DOM after scripts ran, and a screenshot."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_binary():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args, timeout=120):
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium_binary(), *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)


def dump_dom(url):
    """The serialized DOM of ``url`` as the browser built it."""
    return _run(["--dump-dom", url]).stdout


def screenshot(url, path, width=1280, height=2000):
    _run([f"--window-size={width},{height}", f"--screenshot={path}", url])
    return path


def pixel_stddev(path):
    """Standard deviation of the grey levels of an image: 0 for a blank page."""
    from PIL import Image, ImageStat

    with Image.open(path) as img:
        return ImageStat.Stat(img.convert("L")).stddev[0]

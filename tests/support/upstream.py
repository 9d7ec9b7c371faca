"""Where the tests find the pinned upstream data: ../shared/upstream beside the checkout.

Only the tests read it by path; the collection gets it through its documented settings (platform_upstream_dir,
platform_upstream_mirror), as a user's pre-fetched directory or mirror would give it.
"""

from __future__ import annotations

import os

# realpath: this file is also imported through the .collections link, where ".." would land elsewhere.
ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", ".."))


def shared_upstream_dir():
    """../shared/upstream beside the checkout, or None."""
    d = os.path.abspath(os.path.join(ROOT, "..", "shared", "upstream"))
    return d if os.path.isdir(d) else None

# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side helpers shared by the collection's filter plugins: one way to call a builder and report its errors."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError


def call(name, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; a builder's PlatformError or malformed input becomes an AnsibleFilterError naming the filter."""
    try:
        return fn(*args, **kwargs)
    except PlatformError as e:
        raise AnsibleFilterError(f"{name}: {e}") from e
    except (TypeError, KeyError, AttributeError) as e:
        raise AnsibleFilterError(f"{name}: malformed input: {e!r}") from e


def mapping(name, value):
    """``value`` when it is a mapping; otherwise an AnsibleFilterError naming the filter and the value."""
    if not isinstance(value, dict):
        raise AnsibleFilterError(f"{name}: input={value!r}: expected a mapping")
    return value

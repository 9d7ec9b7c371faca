# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side helpers shared by the collection's filter plugins: one way to call a builder and report its errors."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError


def plain(value):
    """``value`` with every mapping a dict, every list or tuple a list and every string a str, rendered once.

    A filter receives Ansible's lazy containers, and ``copy.deepcopy`` of one copies its templating context with it:
    on the whole-platform inventory one deepcopy in a builder cost seconds (py-spy on a site.yml re-run), where the
    same data as plain containers costs microseconds. Builders copy and merge their input freely, so every filter
    hands them plain data."""
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str) and value.__class__ is not str:  # Ansible's tagged strings, which yaml.safe_dump refuses
        return str(value)
    return value


def call(name, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` on plain data; a builder's PlatformError or malformed input becomes an AnsibleFilterError naming the filter."""
    try:
        return fn(*plain(args), **plain(kwargs))
    except PlatformError as e:
        raise AnsibleFilterError(f"{name}: {e}") from e
    except (TypeError, KeyError, AttributeError) as e:
        raise AnsibleFilterError(f"{name}: malformed input: {e!r}") from e


def mapping(name, value):
    """``value`` when it is a mapping; otherwise an AnsibleFilterError naming the filter and the value."""
    if not isinstance(value, dict):
        raise AnsibleFilterError(f"{name}: input={value!r}: expected a mapping")
    return value

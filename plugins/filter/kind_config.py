# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kind_config filter; its documentation is in kind_config.yml next to this file."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils import kind
from ansible_collections.platform.runtime.plugins.module_utils.kind_service import MODULE_OPTIONS
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain


def kind_config(params, kind_release=None, output="yaml"):
    """Render the kind Cluster config for the options of platform.runtime.kind_cluster."""
    if not isinstance(params, dict):
        raise AnsibleFilterError(f"kind_config: the input must be a mapping of kind_cluster options, got {type(params).__name__}")
    if output not in ("yaml", "dict"):
        raise AnsibleFilterError(f"kind_config: output={output!r}; expected yaml or dict")
    options = {k: v for k, v in plain(params).items() if k not in MODULE_OPTIONS}
    try:
        config = kind.render(options, kind_release or kind.DEFAULT_KIND_RELEASE)
    except kind.KindError as e:
        raise AnsibleFilterError("kind_config: " + str(e)) from e
    return kind.to_yaml(config) if output == "yaml" else config


class FilterModule:
    def filters(self):
        return {"kind_config": kind_config}

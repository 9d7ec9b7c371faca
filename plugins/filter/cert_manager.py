# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the cert-manager role (cert_manager_*); documented in the sibling <filter>.yml files."""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import cert_manager
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def cert_manager_plan(cfg):
    return filters.call("cert_manager_plan", cert_manager.cert_manager_plan, filters.mapping("cert_manager_plan", cfg))


def cert_manager_certificate(cfg):
    cfg = filters.mapping("cert_manager_certificate", cfg)
    keys = ("name", "namespace", "secret_name", "dns_names", "issuer")
    return filters.call("cert_manager_certificate", cert_manager.certificate, *(cfg.get(k) for k in keys))


class FilterModule:
    def filters(self):
        return {"cert_manager_plan": cert_manager_plan, "cert_manager_certificate": cert_manager_certificate}
